import { writeFileSync } from "node:fs";
import { toMermaidDiagram } from "@duraflows/core";
import { orderWorkflow } from "./define-workflow.js";

const mermaid = toMermaidDiagram(orderWorkflow, { direction: "LR", showCommands: true });
writeFileSync("order-workflow.mmd", mermaid);
writeFileSync("order-workflow.md", `# Order workflow\n\n\`\`\`mermaid\n${mermaid}\`\`\`\n`);
