import type { BenchCase } from '../bench-case.js';
import { checkCase } from './check.js';
import { embeddedCase } from './embedded.js';
import { verifyDbCase } from './verify-db.js';
import { preCommitCase } from './pre-commit.js';
import { replayIncrementalCase } from './replay-incremental.js';
import { safetyCase } from './safety.js';
import { traceCase } from './trace.js';
import { journalRulesCase } from './journal-rules.js';
import { supabaseReplayCase, supabaseVerifyDbCase } from './supabase.js';
import { prismaReplayCase } from './prisma.js';

/** Every benchmark, in report order. Adding a bench = adding an entry here. */
export const CASES: BenchCase<any>[] = [checkCase, preCommitCase, verifyDbCase, embeddedCase, replayIncrementalCase, safetyCase, traceCase, journalRulesCase, supabaseVerifyDbCase, supabaseReplayCase, prismaReplayCase];
