import Foundation

/// The claims about a person that the scopes an app was granted allow, the same in the id_token
/// and at userinfo (Moodle reads only the id_token). Nothing beyond the scopes.
public struct PersonClaims: Codable, Sendable, Equatable {
    public var name: String?
    public var givenName: String?
    public var familyName: String?
    public var preferredUsername: String?
    public var locale: String?
    public var email: String?
    public var emailVerified: Bool?
    public var role: String?
    public var school: String?
    public var grade: String?

    enum CodingKeys: String, CodingKey {
        case name, givenName = "given_name", familyName = "family_name", preferredUsername = "preferred_username", locale
        case email, emailVerified = "email_verified", role, school, grade
    }

    public init() {}

    /// The claims `scopes` allow about `person`. Email addresses are a staff member's stored one,
    /// else made from the configured domains (a student's is the username at the student domain).
    public static func of(_ person: Person, scopes: [String], settings: SingleSignOnSettings, locale: Language) -> PersonClaims {
        var claims = PersonClaims()
        if scopes.contains("profile") {
            claims.name = [person.givenName, person.familyName].filter { !$0.isEmpty }.joined(separator: " ")
            claims.givenName = person.givenName
            claims.familyName = person.familyName.isEmpty ? nil : person.familyName
            claims.preferredUsername = person.username
            claims.locale = locale.rawValue
        }
        let domain = person.role == .student ? settings.studentEmailDomain : settings.staffEmailDomain
        if scopes.contains("email"), let email = person.email ?? domain.map({ person.username + "@" + $0 }) {
            claims.email = email
            claims.emailVerified = settings.emailVerified
        }
        if scopes.contains("roles") {
            claims.role = person.role.rawValue
            claims.school = person.school
            claims.grade = person.grade
        }
        return claims
    }

    /// The claim names this provider can give, for discovery.
    public static let supported = ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "sid", "amr",
                                   "name", "given_name", "family_name", "preferred_username", "locale",
                                   "email", "email_verified", "role", "school", "grade"]
}

/// An id_token's payload: the standard claims of OpenID Connect Core §2 and the person's claims.
public struct IDTokenPayload: Codable, Sendable, Equatable {
    public var iss: String
    public var sub: String
    public var aud: String
    public var exp: Int
    public var iat: Int
    public var authTime: Int
    public var nonce: String?
    public var atHash: String?
    public var sid: String
    public var amr: [String]
    public var claims: PersonClaims

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat, authTime = "auth_time", nonce, atHash = "at_hash", sid, amr
    }

    public init(iss: String, sub: String, aud: String, exp: Int, iat: Int, authTime: Int, nonce: String?, atHash: String?,
                sid: String, amr: [String], claims: PersonClaims) {
        (self.iss, self.sub, self.aud, self.exp, self.iat, self.authTime) = (iss, sub, aud, exp, iat, authTime)
        (self.nonce, self.atHash, self.sid, self.amr, self.claims) = (nonce, atHash, sid, amr, claims)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        iss = try c.decode(String.self, forKey: .iss)
        sub = try c.decode(String.self, forKey: .sub)
        // `aud` may be a string or an array of one.
        if let single = try? c.decode(String.self, forKey: .aud) {
            aud = single
        } else {
            aud = try c.decode([String].self, forKey: .aud).first ?? ""
        }
        exp = try c.decode(Int.self, forKey: .exp)
        iat = try c.decode(Int.self, forKey: .iat)
        authTime = try c.decode(Int.self, forKey: .authTime)
        nonce = try c.decodeIfPresent(String.self, forKey: .nonce)
        atHash = try c.decodeIfPresent(String.self, forKey: .atHash)
        sid = try c.decode(String.self, forKey: .sid)
        amr = try c.decodeIfPresent([String].self, forKey: .amr) ?? []
        claims = try PersonClaims(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(iss, forKey: .iss)
        try c.encode(sub, forKey: .sub)
        try c.encode(aud, forKey: .aud)
        try c.encode(exp, forKey: .exp)
        try c.encode(iat, forKey: .iat)
        try c.encode(authTime, forKey: .authTime)
        try c.encodeIfPresent(nonce, forKey: .nonce)
        try c.encodeIfPresent(atHash, forKey: .atHash)
        try c.encode(sid, forKey: .sid)
        try c.encode(amr, forKey: .amr)
        try claims.encode(to: encoder)
    }

    /// `at_hash`: the left half of the SHA-256 of the access token, base64url (RS256 and ES256 both use SHA-256).
    public static func accessTokenHash(_ accessToken: String) -> String {
        Secrets.base64url(Secrets.sha256(accessToken).prefix(16))
    }
}

/// What userinfo answers: the subject and the granted claims.
public struct UserInfo: Codable, Sendable, Equatable {
    public let sub: String
    public let claims: PersonClaims

    public init(sub: String, claims: PersonClaims) {
        self.sub = sub
        self.claims = claims
    }

    enum CodingKeys: String, CodingKey { case sub }

    public init(from decoder: any Decoder) throws {
        sub = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .sub)
        claims = try PersonClaims(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sub, forKey: .sub)
        try claims.encode(to: encoder)
    }
}
