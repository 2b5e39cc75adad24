import Testing
@testable import HomeroomCore

/// Password rules: length, optional strong mode, never personal details.
@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy(rules: PasswordRules())
    let personal = ["s1234567", "1234567", "José", "Núñez"]

    @Test func eightCharactersWithoutCompositionAreAccepted() {
        #expect(policy.check("abcdefgh", confirm: "abcdefgh", personal: personal) == nil)
    }

    @Test func sevenCharactersAreTooShort() {
        #expect(policy.check("abcdefg", confirm: "abcdefg", personal: personal) == .tooShort(8))
    }

    @Test func oneHundredTwentyEightCharactersAreAccepted() {
        let long = String(repeating: "x", count: 128)
        #expect(policy.check(long, confirm: long, personal: personal) == nil)
    }

    @Test func confirmationMustMatch() {
        #expect(policy.check("abcdefgh", confirm: "abcdefgX", personal: personal) == .mismatch)
    }

    @Test func usernameInAnotherCaseIsRefused() {
        #expect(policy.check("S1234567", confirm: "S1234567", personal: personal) == .matchesPersonalInfo)
    }

    @Test func lastNameIsRefusedCaseInsensitively() {
        var rules = PasswordRules()
        rules.minLength = 8
        #expect(PasswordPolicy(rules: rules).check("DE LA CRUZ", confirm: "DE LA CRUZ", personal: ["De La Cruz"]) == .matchesPersonalInfo)
    }

    @Test func strongModeAsksForThreeKinds() {
        var rules = PasswordRules()
        rules.requireThreeKinds = true
        let strong = PasswordPolicy(rules: rules)
        #expect(strong.check("alllowercase", confirm: "alllowercase", personal: []) == .needsThreeKinds)
        #expect(strong.check("Lower1case", confirm: "Lower1case", personal: []) == nil)
    }

    @Test func rulesInForceAreDescribed() {
        #expect(policy.descriptions.first == Message("password.ruleLength", ["min": "8", "max": "256"]))
    }
}
