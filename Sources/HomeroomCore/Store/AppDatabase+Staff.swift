import Foundation
import GRDB

/// Why a staff change was refused; says it in one line.
public enum StaffError: Error, Equatable, CustomStringConvertible {
    case invalidUsername(String)
    case alreadyExists(String)
    case invalidDisplayName

    public var description: String {
        switch self {
        case .invalidUsername(let name):
            "'\(name)' is not a staff username: use 1 to 64 of a-z, 0-9 and . _ @ -, starting with a letter or _, and not s + 7 digits"
        case .alreadyExists(let name): "a staff account '\(name)' already exists"
        case .invalidDisplayName: "the display name must be 1 to 200 characters"
        }
    }

    /// The same, for the staff page in the reader's language.
    public var message: Message {
        switch self {
        case .invalidUsername(let name): Message("admin.staff.invalidUsername", ["username": name])
        case .alreadyExists(let name): Message("admin.staff.exists", ["username": name])
        case .invalidDisplayName: Message("admin.staff.invalidDisplayName")
        }
    }
}

extension AppDatabase {
    /// The staff account with this username.
    public func staff(username: String) async throws -> Staff? {
        try await writer.read { db in
            try Staff.fetchOne(db.cachedStatement(sql: "SELECT * FROM staff WHERE username = ?"), arguments: [username])
        }
    }

    /// Adds a staff account; refuses a bad or taken username, writing nothing.
    public func addStaff(_ staff: Staff) throws {
        guard Staff.isValidUsername(staff.username) else { throw StaffError.invalidUsername(staff.username) }
        guard (1...200).contains(staff.displayName.count) else { throw StaffError.invalidDisplayName }
        try writer.write { db in
            guard try Staff.fetchOne(db, key: staff.username) == nil else { throw StaffError.alreadyExists(staff.username) }
            try staff.insert(db)
        }
    }

    /// Every staff account, by username.
    public func allStaff() throws -> [Staff] {
        try writer.read { try Staff.order(Column("username")).fetchAll($0) }
    }
}

extension AppDatabase {
    /// Whether `username` names a student on the roster or a staff account.
    public func accountExists(username: String) async throws -> Bool {
        if let id = StudentUsername.studentID(username) { return try await student(id: id) != nil }
        return try await staff(username: username) != nil
    }
}

extension AppDatabase {
    /// Removes a staff account and ends its sessions. False when there is none.
    public func removeStaff(username: String) throws -> Bool {
        try writer.write { db in
            guard try Staff.deleteOne(db, key: username) else { return false }
            try Self.raiseSessionEpoch(db, username: username)
            return true
        }
    }

    /// Gives a staff account another role and ends its sessions, so the new role applies at
    /// the next sign-in. False when there is none.
    public func setStaffRole(username: String, role: Staff.Role, at now: Date) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "UPDATE staff SET role = ?, updated_at = ? WHERE username = ?", arguments: [role, now, username])
            guard db.changesCount == 1 else { return false }
            try Self.raiseSessionEpoch(db, username: username)
            return true
        }
    }
}
