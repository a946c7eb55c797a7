import type { BenchCase } from '../bench-case.js';
import { checkCase } from './check.js';

/** Every benchmark, in report order. Adding a bench = adding an entry here. */
export const CASES: BenchCase<any>[] = [checkCase];
