import { pgTable, pgEnum, serial, text, integer, timestamp, index } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name'),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
});
export const assessmentStatus = pgEnum('assessment_status', ['draft', 'published', 'archived']);
export const assessments = pgTable('assessments', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  ownerId: integer('owner_id').notNull().references(() => users.id),
  status: assessmentStatus('status').default('draft').notNull(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
});
export const questions = pgTable('questions', {
  id: serial('id').primaryKey(),
  assessmentId: integer('assessment_id').notNull().references(() => assessments.id, { onDelete: 'cascade' }),
  prompt: text('prompt').notNull(),
  position: integer('position').notNull(),
});
export const responses = pgTable('responses', {
  id: serial('id').primaryKey(),
  questionId: integer('question_id').notNull().references(() => questions.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id),
  answer: text('answer').notNull(),
  score: integer('score'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).defaultNow().notNull(),
});
export const assessmentEvaluations = pgTable('assessment_evaluations', {
  id: serial('id').primaryKey(),
  assessmentId: integer('assessment_id').notNull().references(() => assessments.id),
  evaluatorId: integer('evaluator_id').notNull().references(() => users.id),
  score: integer('score').notNull(),
  notes: text('notes'),
  overrideBy: integer('override_by').references(() => users.id),
  overrideReason: text('override_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
}, (t) => [index('assessment_evaluations_assessment_idx').on(t.assessmentId)]);
