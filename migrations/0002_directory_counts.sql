ALTER TABLE `directories` ADD `user_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `directories` ADD `group_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-written below: drizzle-kit does not generate triggers. The counts start from what is stored, then every
-- insert and delete of a user or group (cascades included) keeps them.
UPDATE `directories` SET
	`user_count` = (SELECT count(*) FROM `users` WHERE `users`.`directory_id` = `directories`.`id`),
	`group_count` = (SELECT count(*) FROM `groups` WHERE `groups`.`directory_id` = `directories`.`id`);--> statement-breakpoint
CREATE TRIGGER `users_count_insert` AFTER INSERT ON `users` BEGIN UPDATE `directories` SET `user_count` = `user_count` + 1 WHERE `id` = NEW.`directory_id`; END;--> statement-breakpoint
CREATE TRIGGER `users_count_delete` AFTER DELETE ON `users` BEGIN UPDATE `directories` SET `user_count` = `user_count` - 1 WHERE `id` = OLD.`directory_id`; END;--> statement-breakpoint
CREATE TRIGGER `groups_count_insert` AFTER INSERT ON `groups` BEGIN UPDATE `directories` SET `group_count` = `group_count` + 1 WHERE `id` = NEW.`directory_id`; END;--> statement-breakpoint
CREATE TRIGGER `groups_count_delete` AFTER DELETE ON `groups` BEGIN UPDATE `directories` SET `group_count` = `group_count` - 1 WHERE `id` = OLD.`directory_id`; END;
