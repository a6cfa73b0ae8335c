/** CLI sub-command `format` (stub; being implemented). @module */
export function run(_args: string[]): Promise<number> {
  console.error("ids-mcp format: not implemented yet");
  return Promise.resolve(2);
}
