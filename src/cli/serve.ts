/** CLI sub-command `serve` (stub; being implemented). @module */
export function run(_args: string[]): Promise<number> {
  console.error("ids-mcp serve: not implemented yet");
  return Promise.resolve(2);
}
