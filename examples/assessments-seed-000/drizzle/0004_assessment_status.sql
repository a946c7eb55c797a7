CREATE TYPE "public"."assessment_status" AS ENUM('draft', 'published', 'archived');--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "status" "assessment_status" DEFAULT 'draft' NOT NULL;