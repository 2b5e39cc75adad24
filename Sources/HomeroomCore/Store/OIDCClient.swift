import Foundation

/// An app registered to sign people in through Homeroom (an OpenID Connect relying party).
public struct OIDCClient: Sendable, Equatable {
    public let clientID: String
    public var name: String
    /// The SHA-256 of the secret Homeroom generated for it; nil for a public client (a native
    /// or single-page app, which proves itself with PKCE instead).
    public var secretHash: String?
    public var settings: Settings

    public init(clientID: String, name: String, secretHash: String?, settings: Settings) {
        self.clientID = clientID
        self.name = name
        self.secretHash = secretHash
        self.settings = settings
    }

    public var isPublic: Bool { secretHash == nil }

    /// What a district registers about an app.
    public struct Settings: Codable, Sendable, Equatable {
        /// Where codes may be sent: compared character for character.
        public var redirectURIs: [String]
        /// A confidential client that sends no PKCE (Canvas).
        public var pkceOptional = false
        /// Who may use the app; an empty list places no limit.
        public var roles: [PortalRole] = []
        public var schools: [String] = []
        public var grades: [String] = []
        /// Show a consent screen (the district consents for its students otherwise).
        public var consent = false
        /// A subject of its own for this app, so two apps cannot join their records.
        public var pairwise = false
        /// May receive refresh tokens.
        public var refresh = false
        public var signingAlgorithm = SigningAlgorithm.rs256
        public var postLogoutRedirectURIs: [String] = []
        public var backchannelLogoutURI: String?
        /// Where the portal's tile starts the app's sign-in (third-party-initiated login).
        public var initiateLoginURI: String?

        public init(redirectURIs: [String], pkceOptional: Bool = false, roles: [PortalRole] = [], schools: [String] = [],
                    grades: [String] = [], consent: Bool = false, pairwise: Bool = false, refresh: Bool = false,
                    signingAlgorithm: SigningAlgorithm = .rs256, postLogoutRedirectURIs: [String] = [],
                    backchannelLogoutURI: String? = nil, initiateLoginURI: String? = nil) {
            self.redirectURIs = redirectURIs
            self.pkceOptional = pkceOptional
            self.roles = roles
            self.schools = schools
            self.grades = grades
            self.consent = consent
            self.pairwise = pairwise
            self.refresh = refresh
            self.signingAlgorithm = signingAlgorithm
            self.postLogoutRedirectURIs = postLogoutRedirectURIs
            self.backchannelLogoutURI = backchannelLogoutURI
            self.initiateLoginURI = initiateLoginURI
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            redirectURIs = try c.decode([String].self, forKey: .redirectURIs)
            pkceOptional = try c.decodeIfPresent(Bool.self, forKey: .pkceOptional) ?? false
            roles = try c.decodeIfPresent([PortalRole].self, forKey: .roles) ?? []
            schools = try c.decodeIfPresent([String].self, forKey: .schools) ?? []
            grades = try c.decodeIfPresent([String].self, forKey: .grades) ?? []
            consent = try c.decodeIfPresent(Bool.self, forKey: .consent) ?? false
            pairwise = try c.decodeIfPresent(Bool.self, forKey: .pairwise) ?? false
            refresh = try c.decodeIfPresent(Bool.self, forKey: .refresh) ?? false
            signingAlgorithm = try c.decodeIfPresent(SigningAlgorithm.self, forKey: .signingAlgorithm) ?? .rs256
            postLogoutRedirectURIs = try c.decodeIfPresent([String].self, forKey: .postLogoutRedirectURIs) ?? []
            backchannelLogoutURI = try c.decodeIfPresent(String.self, forKey: .backchannelLogoutURI)
            initiateLoginURI = try c.decodeIfPresent(String.self, forKey: .initiateLoginURI)
        }

        /// The first problem with the registration, said so a district can fix it.
        public func problem() -> Message? {
            if redirectURIs.isEmpty { return Message("admin.apps.problem.noRedirect") }
            let addresses = redirectURIs + postLogoutRedirectURIs + [backchannelLogoutURI, initiateLoginURI].compactMap { $0 }
            if let bad = addresses.first(where: { !Self.isRedirectURI($0) }) { return Message("admin.apps.problem.address", ["uri": bad]) }
            return nil
        }

        /// https, or http on a loopback host (native apps); no fragment, no user info.
        public static func isRedirectURI(_ text: String) -> Bool {
            guard text.count <= 2000, let url = URLComponents(string: text), let host = url.host, !host.isEmpty,
                  url.fragment == nil, url.user == nil else { return false }
            return url.scheme == "https" || (url.scheme == "http" && PublicURL.isLoopback(host))
        }
    }
}

/// How an app's id_tokens are signed.
public enum SigningAlgorithm: String, Codable, Sendable, CaseIterable {
    case rs256 = "RS256"
    case es256 = "ES256"
}
