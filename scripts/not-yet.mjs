// Placeholder for root scripts whose features have not landed yet.
const what = process.argv[2] ?? "this script";
console.log(`pnpm ${what}: not yet (see the open issues)`);
