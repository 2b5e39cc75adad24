import Foundation
import Testing
@testable import HomeroomCore

/// What each named change of a browser's session keeps of its other flows.
@Suite struct WebSessionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var claim: ClaimFlow { try! ClaimFlow.start(RosterFields(lastName: "Núñez", firstName: "José", studentID: "1234567"),
                                                student: student, now: now).get() }
    var student: Student {
        Student(studentID: "1234567", lastName: "Núñez", firstName: "José", middleName: "", birthDate: nil,
                grade: nil, school: nil, homeroomTeacher: nil, active: true, passwordHash: nil, claimedAt: nil,
                createdAt: now, updatedAt: now)
    }
    let user = SignedInUser(username: "s0012345", role: .student, firstName: "Mary",
                            signedInAt: Date(timeIntervalSince1970: 1_800_000_000), epoch: 0)
    var login: LoginFlow { LoginFlow(username: "s0012345", startedAt: now) }
    var recovery: RecoveryFlow { .start(username: "s0012345", questionIDs: ["birth_month"], now: now) }

    @Test func claimingKeepsOnlyTheClaim() {
        let session = WebSession.claiming(claim)
        #expect(session.claim == claim && session.login == nil && session.user == nil && session.recovery == nil)
    }

    @Test func givingAUsernameKeepsTheClaimAndWhoIsSignedIn() {
        let signedIn = WebSession.signedIn(user)
        let session = WebSession.usernameGiven(login, keeping: signedIn)
        #expect(session.login == login && session.user == user && session.recovery == nil)
    }

    @Test func givingAUsernameKeepsAClaimInProgress() {
        #expect(WebSession.usernameGiven(login, keeping: .claiming(claim)).claim == claim)
    }

    @Test func givingAUsernameDropsAResetInProgress() {
        #expect(WebSession.usernameGiven(login, keeping: .resetting(recovery)).recovery == nil)
    }

    @Test func givingAUsernameWithNoSessionKeepsOnlyTheUsername() {
        #expect(WebSession.usernameGiven(login, keeping: nil) == WebSession.usernameGiven(login, keeping: .resetting(recovery)))
    }

    @Test func signingInKeepsOnlyWhoIsSignedIn() {
        let session = WebSession.signedIn(user)
        #expect(session.user == user && session.claim == nil && session.login == nil && session.recovery == nil)
    }

    @Test func resettingKeepsOnlyTheReset() {
        let session = WebSession.resetting(recovery)
        #expect(session.recovery == recovery && session.claim == nil && session.login == nil && session.user == nil)
    }

    @Test func aSessionSurvivesItsStoredForm() throws {
        let session = WebSession.usernameGiven(login, keeping: .claiming(claim))
        #expect(try JSONDecoder().decode(WebSession.self, from: JSONEncoder().encode(session)) == session)
    }
}
