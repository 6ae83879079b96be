export { SetupHelper } from "./setup-helper.js";
export { StateCollectionMerger } from "./state-collection-merger.js";
