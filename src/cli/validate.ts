/** CLI sub-command `validate` (stub; being implemented). @module */
export function run(_args: string[]): Promise<number> {
  console.error("ids-mcp validate: not implemented yet");
  return Promise.resolve(2);
}
