-- Hand-written: override_by moved here from 0008 so it ships with its backfill.
ALTER TABLE "assessment_evaluations" ADD COLUMN "override_by" integer;--> statement-breakpoint
ALTER TABLE "assessment_evaluations" ADD CONSTRAINT "assessment_evaluations_override_by_users_id_fk" FOREIGN KEY ("override_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Hand-written: evaluations imported from the old system were overridden by their evaluator.
UPDATE "assessment_evaluations" SET "override_reason" = 'imported from v1' WHERE "notes" LIKE 'v1:%';
