import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** `$NUSOMI_HOME/credentials.json` of a local installation (SPEC §4 "Local installation file"). */
export interface LocalCredentials {
  gateway_url?: string;
  operator_key?: string;
  admin_key?: string;
  workspace_id?: string;
  object_store?: {
    endpoint?: string;
    region?: string;
    access_key?: string;
    secret_key?: string;
    bucket?: string;
  };
}

/** Where the local installation file lives: `$NUSOMI_HOME/credentials.json`, NUSOMI_HOME defaulting to `.nusomi`. */
export function credentialsPath(env: Record<string, string | undefined> = process.env): string {
  const home = env.NUSOMI_HOME && env.NUSOMI_HOME !== "" ? env.NUSOMI_HOME : ".nusomi";
  return resolve(join(home, "credentials.json"));
}

/** Reads the installation file; undefined when it does not exist (any other problem throws). */
export function readCredentials(path: string = credentialsPath()): LocalCredentials | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  return JSON.parse(text) as LocalCredentials;
}
