import Foundation
import PostgresNIO

/// Staff accounts on PostgreSQL (see `AppDatabase`'s methods of the same names).
extension PostgresStore: StaffStore {
    public func staff(username: String) async throws -> Staff? {
        try await rows("SELECT * FROM staff WHERE username = \(username)").first?.record(Staff.self)
    }

    /// A taken username is found by the INSERT itself (`ON CONFLICT DO NOTHING` writes no row),
    /// so two nodes adding the same account at once add it once.
    public func addStaff(_ staff: Staff, audit: AuditEvent) async throws {
        guard Staff.isValidUsername(staff.username) else { throw StaffError.invalidUsername(staff.username) }
        guard (1...200).contains(staff.displayName.count) else { throw StaffError.invalidDisplayName }
        try await transaction { connection in
            let added = try await connection.changes("""
                INSERT INTO staff (username, display_name, role, password_hash, email, active, created_at, updated_at)
                VALUES (\(staff.username), \(staff.displayName), \(staff.role.rawValue), \(staff.passwordHash), \(staff.email),
                        \(staff.active ? 1 : 0), \(staff.createdAt.millis), \(staff.updatedAt.millis))
                ON CONFLICT (username) DO NOTHING
                """, logger: logger)
            guard added == 1 else { throw StaffError.alreadyExists(staff.username) }
            try await Self.insertAudit(audit, connection, logger: logger)
        }
    }

    public func allStaff() async throws -> [Staff] {
        try await rows(#"SELECT * FROM staff ORDER BY username COLLATE "C""#).map { try $0.record(Staff.self) }
    }

    public func accountExists(username: String) async throws -> Bool {
        if let id = StudentUsername.studentID(username) { return try await student(id: id) != nil }
        return try await staff(username: username) != nil
    }

    public func removeStaff(username: String, audit: AuditEvent) async throws -> Bool {
        try await transaction { connection in
            guard try await connection.changes("DELETE FROM staff WHERE username = \(username)", logger: logger) == 1 else { return false }
            try await Self.raiseSessionEpoch(connection, username: username, logger: logger)
            try await Self.insertAudit(audit, connection, logger: logger)
            return true
        }
    }

    public func setStaffRole(username: String, role: Staff.Role, at now: Date, audit: AuditEvent) async throws -> Bool {
        try await transaction { connection in
            let changed = try await connection.changes("""
                UPDATE staff SET role = \(role.rawValue), updated_at = \(now.millis) WHERE username = \(username)
                """, logger: logger)
            guard changed == 1 else { return false }
            try await Self.raiseSessionEpoch(connection, username: username, logger: logger)
            try await Self.insertAudit(audit, connection, logger: logger)
            return true
        }
    }
}
