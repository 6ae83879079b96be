import "reflect-metadata";
import { NestFactory } from "@nestjs/core";
import { AppModule } from "./app.module.js";

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  // On SIGTERM/SIGINT: stop the poller, then close the pool (PoolShutdown), then exit.
  app.enableShutdownHooks();
  await app.listen(Number(process.env["PORT"] ?? 3000));
}

void bootstrap();
