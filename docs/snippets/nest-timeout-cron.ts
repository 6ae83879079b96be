import { Inject, Injectable } from "@nestjs/common";
import { Cron, CronExpression } from "@nestjs/schedule";
import { WorkflowService, WorkflowTimeoutService } from "@duraflows/nestjs";

// Register ScheduleModule.forRoot() in your application module; @duraflows/nestjs bundles no scheduler.
@Injectable()
export class WorkflowPollers {
  constructor(
    @Inject(WorkflowTimeoutService) private readonly timeouts: WorkflowTimeoutService,
    @Inject(WorkflowService) private readonly workflows: WorkflowService,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE)
  async sweepTimeouts(): Promise<void> {
    await this.timeouts.processExpiredWorkflows(100);
  }

  // Only with an execution store (durable execution); must run outside any transaction.
  @Cron(CronExpression.EVERY_10_SECONDS)
  async runDurableWork(): Promise<void> {
    await this.workflows.processPendingExecutions({ limit: 50 });
  }
}
