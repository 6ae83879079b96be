import { Module } from "@nestjs/common";
import { WorkflowModule } from "@duraflows/nestjs";
import { WorkflowDashboardModule } from "@duraflows/nestjs/dashboard";
import { pgWorkflowProviders } from "@duraflows/pg";
import pg from "pg";
import { orderWorkflow } from "../define-workflow.js";

// Your application's own session lookup.
declare function sessionUser(cookie: string | undefined): { name: string; roles: string[] } | null;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

@Module({
  imports: [
    WorkflowModule.forRoot({
      workflows: [orderWorkflow],
      persistence: pgWorkflowProviders(pool, { durableExecution: true }),
    }),
    // Mounted on the WorkflowModule's runtime, stores and registry; forRootAsync injects your own services.
    WorkflowDashboardModule.forRoot({
      basePath: "/dashboard",
      auth: (req) => {
        const user = sessionUser(req.headers.cookie);
        return user ? { id: user.name, canWrite: user.roles.includes("operator") } : null;
      },
    }),
  ],
})
export class AppModule {}
