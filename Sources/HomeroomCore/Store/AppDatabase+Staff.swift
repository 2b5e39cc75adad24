import Foundation
import GRDB

/// Why a staff change was refused; says it in one line.
public enum StaffError: Error, Equatable, CustomStringConvertible {
    case invalidUsername(String)
    case alreadyExists(String)
    case invalidDisplayName
    case invalidEmail(String)
    case passwordRefused(PasswordProblem)
    /// An admin tried to change or remove their own account.
    case ownAccount
    case noSuchAccount(String)

    public var description: String {
        switch self {
        case .invalidUsername(let name):
            "'\(name)' is not a staff username: use 1 to 64 of a-z, 0-9 and . _ @ -, starting with a letter or _, and not s + 7 digits"
        case .alreadyExists(let name): "a staff account '\(name)' already exists"
        case .invalidDisplayName: "the display name must be 1 to 200 characters"
        case .invalidEmail(let email): "'\(email)' is not an email address"
        case .passwordRefused(let problem): "password refused: \(problem.message.key)"
        case .ownAccount: "nobody can change or remove their own staff account"
        case .noSuchAccount(let name): "no staff account '\(name)'"
        }
    }

    /// The same, for the staff page in the reader's language. (The console reaches an account
    /// that is gone only by a stale form, and says what it says of one's own.)
    public func text(_ t: Messages) -> String {
        switch self {
        case .invalidUsername(let name): t.format("admin.staff.invalidUsername", ["username": name])
        case .alreadyExists(let name): t.format("admin.staff.exists", ["username": name])
        case .invalidDisplayName: t["admin.staff.invalidDisplayName"]
        case .invalidEmail(let email): t.format("admin.staff.invalidEmail", ["email": email])
        case .passwordRefused(let problem): t.format("admin.staff.passwordProblem", ["problem": t.text(problem.message)])
        case .ownAccount, .noSuchAccount: t["admin.staff.notYourOwn"]
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

    /// Adds a staff account with its audit event; refuses a bad or taken username, writing nothing.
    public func addStaff(_ staff: Staff, audit: AuditEvent) throws {
        guard Staff.isValidUsername(staff.username) else { throw StaffError.invalidUsername(staff.username) }
        guard (1...200).contains(staff.displayName.count) else { throw StaffError.invalidDisplayName }
        try writer.write { db in
            guard try Staff.fetchOne(db, key: staff.username) == nil else { throw StaffError.alreadyExists(staff.username) }
            try staff.insert(db)
            try audit.insert(db)
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
    /// Removes a staff account and ends its sessions, with its audit event. False, writing
    /// nothing, when there is none.
    public func removeStaff(username: String, audit: AuditEvent) throws -> Bool {
        try writer.write { db in
            guard try Staff.deleteOne(db, key: username) else { return false }
            try Self.raiseSessionEpoch(db, username: username)
            try audit.insert(db)
            return true
        }
    }

    /// Gives a staff account another role and ends its sessions, so the new role applies at
    /// the next sign-in; with its audit event. False, writing nothing, when there is none.
    public func setStaffRole(username: String, role: Staff.Role, at now: Date, audit: AuditEvent) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "UPDATE staff SET role = ?, updated_at = ? WHERE username = ?", arguments: [role, now, username])
            guard db.changesCount == 1 else { return false }
            try Self.raiseSessionEpoch(db, username: username)
            try audit.insert(db)
            return true
        }
    }
}
