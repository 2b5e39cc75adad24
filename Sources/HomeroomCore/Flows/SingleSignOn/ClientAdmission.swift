import Foundation

extension OIDCClient {
    /// Whether `person` may use the app: each list that is not empty must name them.
    public func admits(_ person: Person) -> Bool {
        (settings.roles.isEmpty || settings.roles.contains(person.role))
            && (settings.schools.isEmpty || person.school.map(settings.schools.contains) == true)
            && (settings.grades.isEmpty || person.grade.map(settings.grades.contains) == true)
    }
}

/// What single sign-on knows of a signed-in person: enough to admit them to an app and to fill
/// the claims its scopes ask for.
public struct Person: Sendable, Equatable {
    public let username: String
    public let role: PortalRole
    public let givenName: String
    public let familyName: String
    public let school: String?
    public let grade: String?
    /// A staff member's own address, when stored.
    public var email: String? = nil
}
