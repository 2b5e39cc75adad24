import Foundation
import GRDB

/// A row of `staff`: a teacher, technician or admin. Without a password hash the account signs
/// in through PAM.
public struct Staff: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "staff"

    /// What a staff account may do.
    public enum Role: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        case teacher, technician, admin
    }

    public var username: String
    public var displayName: String
    public var role: Role
    public var passwordHash: String?
    /// Their own address, for single sign-on's `email` scope; without it the staff domain's is used.
    public var email: String?
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case username, displayName = "display_name", role, passwordHash = "password_hash", email, active
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(username: String, displayName: String, role: Role, passwordHash: String?, email: String? = nil, at now: Date) {
        self.email = email
        self.username = username
        self.displayName = displayName
        self.role = role
        self.passwordHash = passwordHash
        self.active = true
        self.createdAt = now
        self.updatedAt = now
    }

    /// The first word of the display name, for "Hello, …".
    public var firstName: String {
        displayName.split(separator: " ").first.map(String.init) ?? displayName
    }

    /// Whether `email` looks like an address: something, `@`, a domain with a dot; at most 254 characters.
    public static func isValidEmail(_ email: String) -> Bool {
        email.count <= 254 && email.range(of: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", options: .regularExpression) != nil
    }

    /// Whether `username` can name a staff account: 1 to 64 of a-z, 0-9 and `._@-`, starting with
    /// a letter or `_`, and not a student's username.
    public static func isValidUsername(_ username: String) -> Bool {
        username.range(of: "^[a-z_][a-z0-9._@-]{0,63}$", options: .regularExpression) != nil
            && !StudentUsername.matches(username)
    }
}
