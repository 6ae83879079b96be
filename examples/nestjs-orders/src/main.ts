import "reflect-metadata";
import { NestFactory } from "@nestjs/core";
import { AppModule } from "./app.module.js";

const app = await NestFactory.create(AppModule, { logger: ["error", "warn"] });
app.enableShutdownHooks();
const port = Number(process.env["PORT"] ?? 3000);
await app.listen(port, "127.0.0.1");
console.log(`nestjs-orders listening on http://127.0.0.1:${port}`);
