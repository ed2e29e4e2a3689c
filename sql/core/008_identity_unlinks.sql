-- An identity its user unlinked is kept, marked, instead of deleted: a
-- verified e-mail at the provider must not link it again by itself at the
-- next sign-in (the user may have unlinked it because that provider account
-- was taken over). Only linking from the signed-in account page undoes it.
ALTER TABLE user_identities ADD COLUMN unlinked_at DATETIME(3) NULL;
