// Removes the previous build so a renamed source file leaves no stale output behind.
import { rmSync } from "node:fs";
rmSync(new URL("../dist/esm", import.meta.url), { recursive: true, force: true });
rmSync(new URL("../dist/cjs", import.meta.url), { recursive: true, force: true });
