import Foundation

/// Every setting of a Homeroom server, read from one JSON file (`--config FILE`).
///
/// Each key may be left out; a missing key takes the safe default shown here. The README
/// documents every key. A value that fails `validate()` stops the server at start with a
/// message naming the setting.
public struct AppConfig: Codable, Sendable, Equatable {
    public var districtName = "Homeroom"
    /// The district's logo: a path on this server (e.g. under `/static/`) or an `https://` URL.
    public var logoURL = "/static/logo.svg"
    /// The district's colour (`#rrggbb`) for the masthead, buttons and links; it must keep
    /// white text readable (contrast of at least 4.5:1).
    public var accentColor = "#1d4ed8"
    /// The language for browsers whose `Accept-Language` names none of ours: "en" or "es".
    public var defaultLanguage = Language.en
    public var host = "127.0.0.1"
    public var port = 8080
    /// The portal's address as apps and browsers reach it (https; http only on loopback): the
    /// issuer of its tokens and the base of its single-sign-on endpoints.
    public var publicURL = "http://127.0.0.1:8080"
    public var databasePath = "homeroom.sqlite"
    /// Where the database is when it is not the SQLite file `databasePath`: a `postgres://` URL
    /// (several nodes on one PostgreSQL), or a file path (SQLite, as `databasePath`). Empty: `databasePath`.
    public var databaseURL = ""
    /// The most connections each node keeps to PostgreSQL.
    public var databasePoolSize = 8
    /// Let the server open a database file other users of the machine can read (it holds every
    /// password hash): off, and the server refuses such a file with the `chmod` that fixes it.
    public var allowDatabaseReadableByOthers = false
    /// Set when the portal is served over HTTPS (directly or behind a TLS proxy): cookies get `Secure`.
    public var tlsCookies = false
    /// Peer addresses whose `X-Forwarded-For` header is believed. Empty: none is.
    public var trustedProxies: [String] = []
    /// The district's school networks, so the console names the school of a throttled address.
    public var schoolNetworks: [SchoolNetwork] = []
    public var password = PasswordRules()
    public var hash = HashParameters()
    public var claimThrottle = ClaimThrottle()
    /// Minutes a claim left idle stays resumable.
    public var flowIdleMinutes = 15
    public var signInThrottle = SignInThrottle()
    /// A signed-in session left idle this long ends (shared classroom computers).
    public var sessionIdleMinutes = 20
    /// A signed-in session ends this long after sign-in, however busy.
    public var sessionAbsoluteHours = 8
    public var pam = PAMSettings()
    public var recovery = RecoverySettings()
    /// One-time claim and reset codes.
    public var codes = CodeSettings()
    /// QR badges for the youngest students.
    public var badges = BadgeSettings()
    /// How a OneRoster export maps to students.
    public var oneRoster = OneRosterSettings()
    /// The links on the portal home, each shown to the roles it names.
    public var resources: [PortalResource] = []
    /// Audit events older than this many days are deleted by the server.
    public var auditRetentionDays = 400
    public var questions = ChallengeQuestion.defaults
    /// How many questions a student must answer at claim.
    public var answersRequired = 3
    /// Threads of the blocking pool (hashing, PAM); 0 means one per core.
    public var blockingThreads = 0
    /// Jobs that may wait for a thread before new ones are turned away with 503.
    public var blockingQueueLimit = 64
    public var singleSignOn = SingleSignOnSettings()
    /// Request and idle timeouts and the connection cap.
    public var connections = ConnectionSettings()
    /// Where `/metrics` is served (not on the portal).
    public var management = ManagementSettings()

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = AppConfig()
        districtName = try c.decodeIfPresent(String.self, forKey: .districtName) ?? d.districtName
        logoURL = try c.decodeIfPresent(String.self, forKey: .logoURL) ?? d.logoURL
        accentColor = try c.decodeIfPresent(String.self, forKey: .accentColor) ?? d.accentColor
        defaultLanguage = try c.decodeIfPresent(Language.self, forKey: .defaultLanguage) ?? d.defaultLanguage
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? d.host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? d.port
        publicURL = try c.decodeIfPresent(String.self, forKey: .publicURL) ?? d.publicURL
        databasePath = try c.decodeIfPresent(String.self, forKey: .databasePath) ?? d.databasePath
        databaseURL = try c.decodeIfPresent(String.self, forKey: .databaseURL) ?? d.databaseURL
        databasePoolSize = try c.decodeIfPresent(Int.self, forKey: .databasePoolSize) ?? d.databasePoolSize
        allowDatabaseReadableByOthers = try c.decodeIfPresent(Bool.self, forKey: .allowDatabaseReadableByOthers)
            ?? d.allowDatabaseReadableByOthers
        tlsCookies = try c.decodeIfPresent(Bool.self, forKey: .tlsCookies) ?? d.tlsCookies
        trustedProxies = try c.decodeIfPresent([String].self, forKey: .trustedProxies) ?? d.trustedProxies
        schoolNetworks = try c.decodeIfPresent([SchoolNetwork].self, forKey: .schoolNetworks) ?? d.schoolNetworks
        password = try c.decodeIfPresent(PasswordRules.self, forKey: .password) ?? d.password
        hash = try c.decodeIfPresent(HashParameters.self, forKey: .hash) ?? d.hash
        claimThrottle = try c.decodeIfPresent(ClaimThrottle.self, forKey: .claimThrottle) ?? d.claimThrottle
        flowIdleMinutes = try c.decodeIfPresent(Int.self, forKey: .flowIdleMinutes) ?? d.flowIdleMinutes
        signInThrottle = try c.decodeIfPresent(SignInThrottle.self, forKey: .signInThrottle) ?? d.signInThrottle
        sessionIdleMinutes = try c.decodeIfPresent(Int.self, forKey: .sessionIdleMinutes) ?? d.sessionIdleMinutes
        sessionAbsoluteHours = try c.decodeIfPresent(Int.self, forKey: .sessionAbsoluteHours) ?? d.sessionAbsoluteHours
        pam = try c.decodeIfPresent(PAMSettings.self, forKey: .pam) ?? d.pam
        recovery = try c.decodeIfPresent(RecoverySettings.self, forKey: .recovery) ?? d.recovery
        codes = try c.decodeIfPresent(CodeSettings.self, forKey: .codes) ?? d.codes
        badges = try c.decodeIfPresent(BadgeSettings.self, forKey: .badges) ?? d.badges
        oneRoster = try c.decodeIfPresent(OneRosterSettings.self, forKey: .oneRoster) ?? d.oneRoster
        resources = try c.decodeIfPresent([PortalResource].self, forKey: .resources) ?? d.resources
        auditRetentionDays = try c.decodeIfPresent(Int.self, forKey: .auditRetentionDays) ?? d.auditRetentionDays
        questions = try c.decodeIfPresent([ChallengeQuestion].self, forKey: .questions) ?? d.questions
        answersRequired = try c.decodeIfPresent(Int.self, forKey: .answersRequired) ?? d.answersRequired
        blockingThreads = try c.decodeIfPresent(Int.self, forKey: .blockingThreads) ?? d.blockingThreads
        blockingQueueLimit = try c.decodeIfPresent(Int.self, forKey: .blockingQueueLimit) ?? d.blockingQueueLimit
        singleSignOn = try c.decodeIfPresent(SingleSignOnSettings.self, forKey: .singleSignOn) ?? d.singleSignOn
        connections = try c.decodeIfPresent(ConnectionSettings.self, forKey: .connections) ?? d.connections
        management = try c.decodeIfPresent(ManagementSettings.self, forKey: .management) ?? d.management
    }

    /// Reads and validates a configuration file; the error names the file and the setting.
    public static func load(path: String) throws -> AppConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(setting: "--config", problem: "cannot read \(path)")
        }
        let config: AppConfig
        do {
            config = try JSONDecoder().decode(AppConfig.self, from: data)
        } catch let error as DecodingError {
            throw ConfigError(decoding: error, file: path)
        }
        try config.validate()
        return config
    }

    /// Checks every setting; throws the first problem found, naming its key.
    public func validate() throws {
        func check(_ ok: Bool, _ setting: String, _ problem: String) throws {
            if !ok { throw ConfigError(setting: setting, problem: problem) }
        }
        try check(!districtName.isEmpty && districtName.count <= 100, "districtName", "must be 1 to 100 characters")
        try check((0...65535).contains(port), "port", "must be between 0 (any free port) and 65535")
        try check(!databasePath.isEmpty, "databasePath", "must not be empty")
        do {
            _ = try database
        } catch let invalid as PostgresLocation.Invalid {
            throw ConfigError(setting: "databaseURL", problem: invalid.description)
        }
        try check((1...100).contains(databasePoolSize), "databasePoolSize", "must be between 1 and 100")
        try check(PublicURL.isValid(publicURL), "publicURL",
                  "must be an https:// address (http:// only on 127.0.0.1 or localhost) without a trailing slash")
        try singleSignOn.validate()
        try connections.validate()
        try management.validate(portal: (host, port))
        try check(PortalResource.isSafeLink(logoURL), "logoURL", "must be a path on this server or an https:// URL")
        let contrast = AccentColor.contrastWithWhite(accentColor.lowercased())
        try check(contrast != nil, "accentColor", "must be a colour like #1d4ed8")
        try check(contrast! >= 4.5, "accentColor",
                  "is too light: white text on it has contrast \(String(format: "%.1f", contrast!)):1 and needs 4.5:1 (WCAG AA); choose a darker colour")
        try check(password.minLength >= 8, "password.minLength", "must be at least 8 (NIST SP 800-63B)")
        try check(password.maxLength >= 128, "password.maxLength", "must be at least 128")
        try check(password.maxLength <= 4096, "password.maxLength", "must be at most 4096")
        try check(password.minLength <= password.maxLength, "password.minLength", "must not exceed password.maxLength")
        try check(hash.memoryKiB >= 1024 && hash.memoryKiB <= 4_194_304, "hash.memoryKiB", "must be between 1024 and 4194304")
        try check((1...100).contains(hash.iterations), "hash.iterations", "must be between 1 and 100")
        try check(hash.parallelism == 1, "hash.parallelism",
                  "must be 1: libsodium computes one lane, and OWASP recommends p=1 (raise memoryKiB or iterations instead)")
        try claimThrottle.perStudent.validate(named: "claimThrottle.perStudent")
        try claimThrottle.perName.validate(named: "claimThrottle.perName")
        try claimThrottle.perAddress.validate(named: "claimThrottle.perAddress")
        try check((1...1440).contains(flowIdleMinutes), "flowIdleMinutes", "must be between 1 and 1440")
        try signInThrottle.validate()
        try check((1...1440).contains(sessionIdleMinutes), "sessionIdleMinutes", "must be between 1 and 1440")
        try check((1...168).contains(sessionAbsoluteHours), "sessionAbsoluteHours", "must be between 1 and 168")
        try check(sessionIdleMinutes <= sessionAbsoluteHours * 60, "sessionIdleMinutes", "must not exceed sessionAbsoluteHours")
        try pam.validate()
        try recovery.validate()
        try codes.validate()
        try badges.validate()
        try check((1...3650).contains(auditRetentionDays), "auditRetentionDays", "must be between 1 and 3650")
        for (index, resource) in resources.enumerated() { try resource.validate(named: "resources[\(index)]") }
        for (index, network) in schoolNetworks.enumerated() { try network.validate(named: "schoolNetworks[\(index)]") }
        try check(blockingThreads >= 0 && blockingThreads <= 256, "blockingThreads", "must be between 0 and 256")
        try check(blockingQueueLimit >= 0 && blockingQueueLimit <= 100_000, "blockingQueueLimit", "must be between 0 and 100000")
        try check(answersRequired >= 1, "answersRequired", "must be at least 1")
        try check(questions.count >= answersRequired, "questions", "must list at least answersRequired questions")
        var seen = Set<String>()
        for (index, question) in questions.enumerated() {
            let name = "questions[\(index)]"
            try check(question.id.range(of: "^[a-z0-9_]{1,64}$", options: .regularExpression) != nil,
                      "\(name).id", "must be 1 to 64 of a-z, 0-9 and _")
            try check(seen.insert(question.id).inserted, "\(name).id", "'\(question.id)' is used twice")
            try check(!question.prompt.isEmpty, "\(name).prompt", "must not be empty")
            for (code, text) in question.prompts {
                try check(Language(rawValue: code) != nil && !text.isEmpty, "\(name).prompts.\(code)",
                          "must be a non-empty text for one of " + Language.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if case .choice(let options) = question.kind {
                try check(options.count >= 2, "\(name).choices", "must list at least 2 options")
            }
        }
    }
}

/// Password rules in force for students (NIST SP 800-63B: length, no composition rule by default).
public struct PasswordRules: Codable, Sendable, Equatable {
    public var minLength = 8
    public var maxLength = 256
    /// Strong mode: also ask for 3 of 4 kinds (lower case, upper case, digit, symbol).
    public var requireThreeKinds = false

    public init() {}
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        minLength = try c.decodeIfPresent(Int.self, forKey: .minLength) ?? 8
        maxLength = try c.decodeIfPresent(Int.self, forKey: .maxLength) ?? 256
        requireThreeKinds = try c.decodeIfPresent(Bool.self, forKey: .requireThreeKinds) ?? false
    }
}

/// Argon2id cost parameters; hashes made with others are upgraded at the next sign-in.
public struct HashParameters: Codable, Sendable, Equatable {
    public var memoryKiB = 19456
    public var iterations = 2
    public var parallelism = 1

    public init(memoryKiB: Int = 19456, iterations: Int = 2, parallelism: Int = 1) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        memoryKiB = try c.decodeIfPresent(Int.self, forKey: .memoryKiB) ?? 19456
        iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? 2
        parallelism = try c.decodeIfPresent(Int.self, forKey: .parallelism) ?? 1
    }
}

/// The throttles on claim step 1 (and Forgot Username, which asks the same fields).
public struct ClaimThrottle: Codable, Sendable, Equatable {
    public var perStudent = ThrottleRule(maxFailures: 5, windowMinutes: 15, lockMinutes: 15)
    /// Failures from one address for one name (last and first, folded): what bounds a search of
    /// the ID space for a known student, without stopping classmates with other names.
    public var perName = ThrottleRule(maxFailures: 10, windowMinutes: 15, lockMinutes: 15)
    /// All failures from one address: far above what a school's typos reach.
    public var perAddress = ThrottleRule(maxFailures: 1000, windowMinutes: 10, lockMinutes: 10)
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ClaimThrottle()
        perStudent = try c.decodeIfPresent(ThrottleRule.self, forKey: .perStudent) ?? d.perStudent
        perName = try c.decodeIfPresent(ThrottleRule.self, forKey: .perName) ?? d.perName
        perAddress = try c.decodeIfPresent(ThrottleRule.self, forKey: .perAddress) ?? d.perAddress
    }
}

/// "`maxFailures` failures within `windowMinutes` lock for `lockMinutes`."
public struct ThrottleRule: Codable, Sendable, Equatable {
    public var maxFailures: Int
    public var windowMinutes: Int
    public var lockMinutes: Int

    public init(maxFailures: Int, windowMinutes: Int, lockMinutes: Int) {
        self.maxFailures = maxFailures
        self.windowMinutes = windowMinutes
        self.lockMinutes = lockMinutes
    }

    func validate(named name: String) throws {
        guard maxFailures >= 1 else { throw ConfigError(setting: "\(name).maxFailures", problem: "must be at least 1") }
        guard (1...10080).contains(windowMinutes) else {
            throw ConfigError(setting: "\(name).windowMinutes", problem: "must be between 1 and 10080")
        }
        guard (1...10080).contains(lockMinutes) else {
            throw ConfigError(setting: "\(name).lockMinutes", problem: "must be between 1 and 10080")
        }
    }
}

/// A configuration problem, said in one line that names the setting.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let setting: String
    public let problem: String

    public init(setting: String, problem: String) {
        self.setting = setting
        self.problem = problem
    }

    init(decoding error: DecodingError, file: String) {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            self.init(setting: path(c), problem: "has the wrong type (\(c.debugDescription))")
        case .keyNotFound(let key, let c):
            self.init(setting: (path(c).isEmpty ? "" : path(c) + ".") + key.stringValue, problem: "is required")
        case .dataCorrupted(let c):
            let where_ = path(c)
            self.init(setting: where_.isEmpty ? file : where_, problem: "is not valid (\(c.debugDescription))")
        @unknown default:
            self.init(setting: file, problem: "could not be read")
        }
    }

    public var description: String { "configuration: \(setting) \(problem)" }
}

/// Which store a configuration names.
public enum DatabaseChoice: Sendable, Equatable {
    /// The embedded SQLite file at this path.
    case sqlite(path: String)
    /// PostgreSQL, shared by every node.
    case postgres(PostgresLocation)
}

extension AppConfig {
    /// The store `databaseURL` (or else `databasePath`) names; throws `PostgresLocation.Invalid`
    /// for a `postgres://` URL that cannot be used.
    public var database: DatabaseChoice {
        get throws {
            if databaseURL.isEmpty { return .sqlite(path: databasePath) }
            if PostgresLocation.isURL(databaseURL) { return .postgres(try PostgresLocation(url: databaseURL)) }
            return .sqlite(path: databaseURL)
        }
    }
}
