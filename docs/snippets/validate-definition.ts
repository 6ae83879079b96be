import { WorkflowValidator, type WorkflowDefinition } from "@duraflows/core";

const draft: WorkflowDefinition = {
  name: "draft",
  initialState: "a",
  states: {
    a: { events: { Go: { targetState: "b", commands: [{ name: "doWork" }] } } },
    b: {},
    orphan: {},
  },
};

const result = new WorkflowValidator().validate(draft, {
  knownCommandNames: new Set(["doWork"]),
  knownGuardNames: new Set<string>(),
});
console.log(result.valid); // true: warnings never fail
console.log(result.warnings); // [{ path: "states.orphan", message: 'State "orphan" is unreachable from initial state "a"' }]
for (const error of result.errors) console.log(`${error.path}: ${error.message}`);
