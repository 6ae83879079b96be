export { SetupHelper } from "./setup-helper.js";
