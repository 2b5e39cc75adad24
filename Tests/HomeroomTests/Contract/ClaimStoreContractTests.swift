import Foundation
import Testing
@testable import HomeroomCore

/// Students and their claim, on every store.
@Suite struct ClaimStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func answer(_ question: String, of id: String = "1234567") -> ChallengeAnswer {
        ChallengeAnswer(studentID: id, questionID: question, answerHash: "$argon2id$" + question)
    }

    @Test(arguments: StoreKind.available) func importedStudentIsReadBack(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            let student = try #require(try await store.student(id: "1234567"))
            #expect(student.firstName == "José" && student.grade == "09" && student.active && !student.isClaimed && student.createdAt == now)
        }
    }

    @Test(arguments: StoreKind.available) func unknownStudentIsAbsent(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let student = try await store.student(id: "9999999")
            #expect(student == nil)
        }
    }

    @Test(arguments: StoreKind.available) func claimWritesPasswordAndTime(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            _ = try await store.completeClaim(studentID: "1234567", passwordHash: "$argon2id$p", answers: [], at: now + 5)
            let student = try await store.student(id: "1234567")
            #expect(student?.passwordHash == "$argon2id$p" && student?.claimedAt == now + 5 && student?.updatedAt == now + 5)
        }
    }

    @Test(arguments: StoreKind.available) func claimKeepsOnlyTheStudentsOwnAnswersInQuestionOrder(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            let answers = [answer("pet"), answer("birth_month"), answer("color", of: "7654321")]
            _ = try await store.completeClaim(studentID: "1234567", passwordHash: "$argon2id$p", answers: answers, at: now)
            #expect(try await store.answers(studentID: "1234567") == [answer("birth_month"), answer("pet")])
        }
    }

    @Test(arguments: StoreKind.available) func claimWritesItsAuditEvent(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            _ = try await store.completeClaim(studentID: "1234567", passwordHash: "$argon2id$p", answers: [], at: now,
                                              audit: .test(.claimComplete, at: now, subject: "1234567"))
            #expect(try await store.auditEvents(subject: "1234567").map(\.action) == [.claimComplete])
        }
    }

    @Test(arguments: StoreKind.available) func refusedClaimWritesNoAuditEvent(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.completeClaim(studentID: "1234567", passwordHash: "$argon2id$p", answers: [answer("pet")], at: now,
                                              audit: .test(.claimComplete, at: now, subject: "1234567"))
            #expect(try await store.auditEvents(subject: nil).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available) func auditEventsOfASubjectAreNewestFirstAndLimited(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for (number, subject) in ["a", "b", "a", "a"].enumerated() {
                try await store.audit(AuditEvent(at: now, by: .test, action: .signIn, subject: subject, outcome: .success, reason: "\(number)"))
            }
            #expect(try await store.auditEvents(subject: "a", limit: 2).map(\.reason) == ["3", "2"])
        }
    }

    @Test(arguments: StoreKind.available) func auditEventIsReadBackWhole(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let event = AuditEvent(at: now, by: Actor(name: "arivera", address: "10.0.0.1"), action: .resetStart, subject: "s1234567",
                                   outcome: .failure, reason: "wrong answers")
            try await store.audit(event)
            var read = try #require(try await store.auditEvents(subject: nil).first)
            read.id = nil
            #expect(read == event)
        }
    }

    @Test(arguments: StoreKind.available) func unclaimedStudentsAreActiveUnclaimedAndInIDOrder(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            _ = try await store.completeClaim(studentID: "0012345", passwordHash: "$argon2id$p", answers: [], at: now)
            _ = try await store.importCSV("student_id,last_name,first_name\n0012345,O'Brien,Mary Kate\n1234567,Núñez,José\n2222222,De La Cruz,J\n7654321,Smith-Jones,D'Andre\n",
                                          deactivateMissing: true, at: now)
            #expect(try await store.unclaimedStudents(count: 2).map(\.studentID) == ["1234567", "2222222"])
        }
    }
}
