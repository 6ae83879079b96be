import { registerPgScenarios } from "../support/register-pg-scenarios.js";

// The shared runtime scenarios with command-less transitions on the optimistic path (no durable execution store).
registerPgScenarios("pg (optimistic transitions)", "duraflows_pg_it", "generator", "optimistic");
