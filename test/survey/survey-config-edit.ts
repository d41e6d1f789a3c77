// Test helper: replaces the `survey:` block of a copied config's services.yaml (the shipped one
// has it switched off) with a flow-style mapping such as `{ enabled: true, share: 1 }`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function setSurvey(dir: string, survey: string): void {
  const file = path.join(dir, 'services.yaml');
  const text = readFileSync(file, 'utf8');
  const next = text.replace(/^ {4}survey:\n(?: {6}.*\n)+/m, `    survey: ${survey}\n`);
  if (next === text) throw new Error('services.yaml: no "survey:" block to replace');
  writeFileSync(file, next);
}
