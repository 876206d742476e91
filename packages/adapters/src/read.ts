/**
 * `readInput`: bytes or text of one file -> detected format -> facts. Decodes
 * bytes (UTF-8 with or without BOM, UTF-16 with BOM as Windows PowerShell
 * redirection writes it), refuses binary content (a `tfplan` zip gets its own
 * message), and never throws.
 */
import type { AdapterResult } from '@onus/core';
import { adaptAwsCli } from './aws-cli.js';
import { adaptAwsConfig } from './aws-config.js';
import { adaptCloudAssetLines, adaptCloudAssets } from './cloud-assets.js';
import { sniff } from './detect.js';
import { DEFAULT_FILE, HINT, guard, inputError } from './errors.js';
import { adaptKubernetesStream, fromKubernetes } from './kubernetes.js';
import { adaptPlan } from './terraform-plan.js';

/**
 * Decode file bytes to text, or say why they are not text onus reads.
 * A binary Terraform plan (a zip) gets the `terraform show -json` hint.
 */
export function decodeBytes(bytes: Uint8Array, file: string = DEFAULT_FILE): { text: string } | { error: AdapterResult['errors'][number] } {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { error: inputError(file, 'this is a binary plan; run `terraform show -json PLAN > plan.json`', HINT.binaryPlan) };
  }
  let encoding = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  if (encoding === 'utf-8' && bytes.subarray(0, 8192).includes(0)) {
    return { error: inputError(file, 'this is a binary file, not text', HINT.formats) };
  }
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch {
    return { error: inputError(file, `the file is not valid ${encoding.toUpperCase()} text`, 'save the file as UTF-8 (e.g. `terraform show -json PLAN > plan.json` in a POSIX shell)') };
  }
}

/**
 * Read one input file: detect its format from the content, then adapt it.
 * Never throws; unreadable input gives `format: 'unknown'` and one error.
 */
export function readInput(file: string, content: string | Uint8Array): AdapterResult {
  return guard('unknown', file, () => {
    let text: string;
    if (typeof content === 'string') text = content;
    else {
      const decoded = decodeBytes(content, file);
      if ('error' in decoded) return { format: 'unknown', resources: [], errors: [decoded.error] };
      text = decoded.text;
    }
    const found = sniff(text, file);
    if ('error' in found) return { format: 'unknown', resources: [], errors: [found.error] };
    const { format, parsed } = found;
    return guard(format, file, () => {
      if (parsed.kind === 'yaml') return adaptKubernetesStream(parsed.stream, file);
      if (parsed.kind === 'json-lines') return adaptCloudAssetLines(parsed.lines, file, parsed.errors);
      switch (format) {
        case 'terraform-plan':
          return adaptPlan(parsed.value, file);
        case 'kubernetes':
          return fromKubernetes(found.text, file);
        case 'aws-config':
          return adaptAwsConfig(parsed.value, file);
        case 'aws-cli':
          return adaptAwsCli(parsed.value, file);
        case 'gcp-cai':
          return adaptCloudAssets(parsed.value, file);
      }
    });
  });
}
