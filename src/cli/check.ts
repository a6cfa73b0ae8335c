/** CLI sub-command `check` (stub; being implemented). @module */
export function run(_args: string[]): Promise<number> {
  console.error("ids-mcp check: not implemented yet");
  return Promise.resolve(2);
}
