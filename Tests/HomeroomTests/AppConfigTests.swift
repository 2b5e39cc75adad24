import Foundation
import Testing
@testable import HomeroomCore

/// The configuration file: documented defaults, and bad settings named at start.
@Suite struct AppConfigTests {
    func load(_ json: String) throws -> AppConfig {
        try AppConfig.load(path: writeTemporaryFile(json, suffix: ".json"))
    }

    @Test func exampleFileHoldsExactlyTheDefaults() throws {
        #expect(try AppConfig.load(path: packageRoot.path + "/homeroom.example.json") == AppConfig())
    }

    @Test func emptyFileGivesTheDefaults() throws {
        #expect(try load("{}") == AppConfig())
    }

    @Test func strongPasswordModeCanBeTurnedOn() throws {
        #expect(try load(#"{"password": {"requireThreeKinds": true}}"#).password.requireThreeKinds)
    }

    @Test func shortMinimumPasswordLengthIsNamed() {
        #expect(throws: ConfigError(setting: "password.minLength", problem: "must be at least 8 (NIST SP 800-63B)")) {
            try load(#"{"password": {"minLength": 6}}"#)
        }
    }

    /// The setting a bad file's error names, or nil when it loads.
    func namedSetting(_ json: String) -> String? {
        do {
            _ = try load(json)
            return nil
        } catch {
            return (error as? ConfigError)?.setting ?? "\(error)"
        }
    }

    @Test func wrongTypeIsNamedByItsPath() {
        #expect(namedSetting(#"{"claimThrottle": {"perStudent": {"maxFailures": "five", "windowMinutes": 1, "lockMinutes": 1}}}"#)
                == "claimThrottle.perStudent.maxFailures")
    }

    @Test func unknownQuestionKindIsNamed() {
        #expect(namedSetting(#"{"questions": [{"id": "pet", "prompt": "Pet?", "kind": "colour"}]}"#) == "questions[0].kind")
    }

    @Test func fewerQuestionsThanRequiredAnswersIsRefused() {
        #expect(throws: ConfigError.self) {
            try load(#"{"questions": [{"id": "pet", "prompt": "Pet?"}]}"#)
        }
    }

    @Test func oneClaimThrottleMayBeSetAlone() throws {
        let config = try load(#"{"claimThrottle": {"perAddress": {"maxFailures": 500, "windowMinutes": 10, "lockMinutes": 10}}}"#)
        #expect(config.claimThrottle.perStudent == ClaimThrottle().perStudent && config.claimThrottle.perAddress.maxFailures == 500)
    }

    @Test func districtQuestionsReplaceTheDefaults() throws {
        let config = try load(#"{"answersRequired": 1, "questions": [{"id": "pet", "prompt": "Your first pet?"}]}"#)
        #expect(config.questions == [ChallengeQuestion(id: "pet", prompt: "Your first pet?", kind: .freeText)])
    }
}

/// The sign-in settings of the configuration file.
@Suite struct SignInConfigTests {
    func load(_ json: String) throws -> AppConfig {
        try AppConfig.load(path: writeTemporaryFile(json, suffix: ".json"))
    }

    @Test func resourceWithoutRolesIsForEveryone() throws {
        let config = try load(#"{"resources": [{"name": "Library", "url": "https://library.example.org/"}]}"#)
        #expect(config.resources.first?.roles == PortalRole.allCases)
    }

    @Test func javascriptLinkIsRefused() {
        #expect(throws: ConfigError.self) {
            try load(#"{"resources": [{"name": "Bad", "url": "javascript:alert(1)"}]}"#)
        }
    }

    @Test func unknownRoleIsNamedByItsPath() {
        #expect(throws: ConfigError.self) {
            try load(#"{"resources": [{"name": "Library", "url": "/x", "roles": ["janitor"]}]}"#)
        }
    }

    @Test func moreThanAHundredFailuresBeforeTheLockIsRefused() {
        let error = #expect(throws: ConfigError.self) { try load(#"{"signInThrottle": {"lockAfterFailures": 500}}"#) }
        #expect(error?.setting == "signInThrottle.lockAfterFailures")
    }

    @Test func idleTimeoutLongerThanTheAbsoluteOneIsRefused() {
        let error = #expect(throws: ConfigError.self) {
            try load(#"{"sessionIdleMinutes": 120, "sessionAbsoluteHours": 1}"#)
        }
        #expect(error?.setting == "sessionIdleMinutes")
    }

    @Test func logoFromAnotherSiteMustUseHTTPS() {
        let error = #expect(throws: ConfigError.self) { try load(#"{"logoURL": "http://example.org/logo.png"}"#) }
        #expect(error?.setting == "logoURL")
    }
}

/// The files a district copies from `deploy/`.
@Suite struct DeploymentTests {
    @Test func nodeConfigurationOfTheDeploymentIsValid() throws {
        let config = try AppConfig.load(path: packageRoot.path + "/deploy/homeroom.json")
        try config.validate()
        guard case .postgres(let location) = try config.database else { Issue.record("not PostgreSQL"); return }
        #expect(location.tls == .verifyFull && config.trustedProxies == ["10.0.0.10"])
    }

    @Test func postgresURLWithoutAUserIsRefusedNamingTheSetting() throws {
        var config = AppConfig()
        config.databaseURL = "postgres://db.example.org/homeroom"
        #expect(throws: ConfigError.self) { try config.validate() }
    }
}
