/**
 * The built-in input formats, in the order they are recognised (the first
 * format that recognises an input reads it), and the reader they make. Adding
 * a format is its module plus one line in this list. May import the format
 * modules and reader.ts.
 */
import { awsCliFormat } from './aws-cli.js';
import { awsConfigFormat } from './aws-config.js';
import { cloudAssetsFormat } from './cloud-assets.js';
import { kubernetesFormat } from './kubernetes.js';
import { createReader, type Reader } from './reader.js';
import { terraformPlanFormat } from './terraform-plan.js';

export const builtinFormats = [terraformPlanFormat, kubernetesFormat, awsConfigFormat, awsCliFormat, cloudAssetsFormat] as const;

/** The names of the built-in input formats. */
export type InputFormat = (typeof builtinFormats)[number]['name'];

/** The reader of the built-in formats. */
export const builtinReader: Reader = createReader(builtinFormats);
