#!/usr/bin/env node
// The installed command: runs the bundle that `npm ci` builds (see scripts/build.mjs).
import '../dist/sluice.js';
