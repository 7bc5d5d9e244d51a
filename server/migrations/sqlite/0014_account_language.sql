-- The language a person chose on Mlango (en or sw): their SMS and emails are written in it.
ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
