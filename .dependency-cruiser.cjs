/**
 * Import rules of the packages, checked by `pnpm check:deps-layers` (dependency-cruiser) in CI.
 *
 * Every package is free of import cycles. In `@duraflows/core` and `@camcima/finita` the folders of `src/` form
 * layers, listed below from the bottom up: a file may import its own folder and any folder of a lower layer,
 * never one above (type-only imports count too). Folders on one line form one layer and must not import each
 * other in a cycle. A new folder must be added here, or the check fails.
 */
const LAYERS = {
  core: [
    ["definition"], // the declarative workflow definition and what can be read from it
    ["model"], // the domain model every layer shares: instances, commands, results, executions
    ["errors"],
    ["util"],
    ["validator", "compiler", "diagram"], // checks, compiles and draws a definition
    ["reads", "transaction"], // optional read capabilities, transaction scoping
    ["persistence"], // the storage ports an adapter implements
    ["typed"], // schema-typed definitions and handles
    ["registry"], // definitions, commands and guards registered with a runtime
    ["telemetry", "observer", "timeout"],
    ["executors"], // run guards, commands and onEnter chains on a compiled definition
    ["versioning"], // definition versions, hashes and the resolver of pinned versions
    ["config"], // the options of a runtime
    ["transition"], // the transition mechanics shared by the synchronous and the durable path
    ["durable", "migration"], // durable executions; migration of instances between versions
    ["runtime"], // WorkflowRuntime, WorkflowHandle, the timeout sweep, history retention
    ["worker"],
    ["testing"], // the in-memory adapter and conformance kits
  ],
  finita: [
    ["error"],
    ["interfaces"],
    ["condition", "filter", "selector", "mutex", "graph", "observer"],
    ["core"],
    ["factory", "util"],
  ],
};

const layerRules = Object.entries(LAYERS).flatMap(([pkg, layers]) => {
  const known = layers.flat();
  const rules = layers.slice(0, -1).map((layer, index) => ({
    name: `${pkg}-layer-${layer.join("-")}`,
    comment: `${layer.join(", ")} must not import a higher layer of ${pkg}`,
    severity: "error",
    from: { path: `^packages/${pkg}/src/(${layer.join("|")})/` },
    to: {
      path: `^packages/${pkg}/src/(${layers
        .slice(index + 1)
        .flat()
        .join("|")})/`,
    },
  }));
  rules.push({
    name: `${pkg}-layer-unknown-folder`,
    comment: `every folder of packages/${pkg}/src belongs to a layer listed in .dependency-cruiser.cjs`,
    severity: "error",
    from: { path: `^packages/${pkg}/src/[^/]+/`, pathNot: `^packages/${pkg}/src/(${known.join("|")})/` },
    to: {},
  });
  rules.push({
    name: `${pkg}-no-barrel-inside`,
    comment: `files of packages/${pkg}/src import the module they need, not the package entry point`,
    severity: "error",
    from: { path: `^packages/${pkg}/src/[^/]+/` },
    to: { path: `^packages/${pkg}/src/index\\.ts$` },
  });
  return rules;
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "no import cycle, type-only imports included",
      severity: "error",
      // One known pair: a StateCollection creates its StateCollectionMerger, whose public constructor takes the
      // StateCollection it merges into. The two types name each other in the published API; the merger only
      // imports the collection's type, so nothing cycles at run time.
      from: { pathNot: "^packages/finita/src/core/state-collection(-merger)?\\.ts$" },
      to: { circular: true },
    },
    ...layerRules,
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist)/" },
    includeOnly: "^packages/[^/]+/src/",
  },
};
