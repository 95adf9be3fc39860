// The `goleash.*` settings the server understands, picked out of the editor's configuration.
// Plain logic (no `vscode` import) so the mapping is unit-tested.

export const SECTION = "goleash";

/** Keys of the server's `goleash` settings section; the rest (path, interpreter, importStrategy) is client-only. */
export const SERVER_SETTING_KEYS = [
  "enable",
  "select",
  "ignore",
  "severity",
  "delay",
  "run",
  "exclude",
  "includeGenerated",
  "preview",
] as const;

export type ServerSettings = Partial<Record<(typeof SERVER_SETTING_KEYS)[number], unknown>>;

/** Builds the `initializationOptions` object from a settings getter (`WorkspaceConfiguration.get`). */
export function serverSettings(get: (key: string) => unknown): ServerSettings {
  const out: ServerSettings = {};
  for (const key of SERVER_SETTING_KEYS) {
    const value = get(key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Settings whose change means the server process must be started again, not just re-configured. */
export const RESTART_SETTINGS = ["goleash.path", "goleash.interpreter", "goleash.importStrategy", "goleash.enable"];
