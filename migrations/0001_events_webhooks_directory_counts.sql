CREATE TABLE `events` (
	`org_id` text NOT NULL,
	`seq` integer NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`directory_id` text,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`data` text NOT NULL,
	`occurred_at` text NOT NULL,
	PRIMARY KEY(`org_id`, `seq`),
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_id_unique` ON `events` (`id`);--> statement-breakpoint
CREATE INDEX `events_org_resource` ON `events` (`org_id`,`resource_id`,`seq`);--> statement-breakpoint
CREATE INDEX `events_occurred_at` ON `events` (`occurred_at`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`at` text NOT NULL,
	`url` text NOT NULL,
	`first_seq` integer NOT NULL,
	`last_seq` integer NOT NULL,
	`event_count` integer NOT NULL,
	`status` integer,
	`succeeded` integer NOT NULL,
	`error` text,
	`duration_ms` integer NOT NULL,
	`attempt` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_org_at` ON `webhook_deliveries` (`org_id`,`at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_at` ON `webhook_deliveries` (`at`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`org_id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`secret` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`delivered_seq` integer DEFAULT 0 NOT NULL,
	`wake_pending` integer DEFAULT false NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`lease_until` text,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `directories` ADD `user_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `directories` ADD `group_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `scim_tokens` ADD `client_id` text;--> statement-breakpoint
-- Hand-written below: drizzle-kit does not generate triggers. The directory counts start from what is stored,
-- then every insert and delete of a user or group (cascades included) keeps them.
UPDATE `directories` SET
	`user_count` = (SELECT count(*) FROM `users` WHERE `users`.`directory_id` = `directories`.`id`),
	`group_count` = (SELECT count(*) FROM `groups` WHERE `groups`.`directory_id` = `directories`.`id`);--> statement-breakpoint
CREATE TRIGGER `users_count_insert` AFTER INSERT ON `users` BEGIN UPDATE `directories` SET `user_count` = `user_count` + 1 WHERE `id` = NEW.`directory_id`; END;--> statement-breakpoint
CREATE TRIGGER `users_count_delete` AFTER DELETE ON `users` BEGIN UPDATE `directories` SET `user_count` = `user_count` - 1 WHERE `id` = OLD.`directory_id`; END;--> statement-breakpoint
CREATE TRIGGER `groups_count_insert` AFTER INSERT ON `groups` BEGIN UPDATE `directories` SET `group_count` = `group_count` + 1 WHERE `id` = NEW.`directory_id`; END;--> statement-breakpoint
CREATE TRIGGER `groups_count_delete` AFTER DELETE ON `groups` BEGIN UPDATE `directories` SET `group_count` = `group_count` - 1 WHERE `id` = OLD.`directory_id`; END;
