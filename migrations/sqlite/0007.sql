-- A staff member's own email address, for single sign-on's `email` scope (else the staff domain).
ALTER TABLE staff ADD COLUMN email TEXT CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%'));
