-- Hand-written: evaluations imported from the old system were overridden by their evaluator.
UPDATE "assessment_evaluations" SET "override_reason" = 'imported from v1' WHERE "notes" LIKE 'v1:%';
