#!/usr/bin/env node
// The `onus` executable of the published package: the compiled CLI in dist/.
// (A file that exists before a build, so package managers can link it in a fresh checkout.)
import '../dist/bin.js';
