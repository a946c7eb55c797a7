ALTER TABLE "assessment_evaluations" ADD COLUMN "override_by" integer;--> statement-breakpoint
ALTER TABLE "assessment_evaluations" ADD COLUMN "override_reason" text;--> statement-breakpoint
ALTER TABLE "assessment_evaluations" ADD CONSTRAINT "assessment_evaluations_override_by_users_id_fk" FOREIGN KEY ("override_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;