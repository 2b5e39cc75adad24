import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// Claim and reset letters printed from the console and the teacher's homeroom page.
@Suite struct LetterRouterTests {
    static func staff(_ client: any TestClientProtocol, _ database: AppDatabase, _ username: String,
                      role: Staff.Role, displayName: String = "Ana Rivera") async throws -> Browser {
        try database.addStaffForTest(username, role: role, displayName: displayName)
        var browser = Browser(client)
        try await browser.signIn(username)
        return browser
    }

    @Test func technicianPrintsAClaimLetterWhoseCodeClaimsTheAccount() async throws {
        try await withApp { client, database in
            var tech = try await Self.staff(client, database, "tech", role: .technician)
            let letters = try await tech.post("/admin/letters", [("student-0012345", "en")])
            #expect(letters.text.contains("Claim your school account"))
            let code = try #require(codeOnLetter(letters.text))
            var student = Browser(client)
            try await student.get("/claim/code")
            #expect(try await student.post("/claim/code", [("code", code)]).location == "/claim/password")
        }
    }

    @Test func claimedStudentGetsAResetLetter() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var tech = try await Self.staff(client, database, "tech", role: .technician)
            let letters = try await tech.post("/admin/letters", [("student-0012345", "en")])
            #expect(letters.text.contains("Set a new password") && letters.text.contains("http://127.0.0.1:8080/forgot-password/code"))
        }
    }

    @Test func eachLetterIsInTheLanguageChosenForIt() async throws {
        try await withApp { client, database in
            var tech = try await Self.staff(client, database, "tech", role: .technician)
            let page = try await tech.post("/admin/letters", [("student-0012345", "es"), ("student-7654321", "en")]).text
            #expect(page.contains(#"<article class="sheet letter" lang="es">"#) && page.contains("Reclama tu cuenta escolar"))
            #expect(page.contains(#"<article class="sheet letter" lang="en">"#) && page.contains("Claim your school account"))
        }
    }

    @Test func a4PaperNamesTheA4Page() async throws {
        try await withApp { client, database in
            var tech = try await Self.staff(client, database, "tech", role: .technician)
            let page = try await tech.post("/admin/letters", [("student-0012345", "en"), ("paper", "a4")]).text
            #expect(page.contains(#"<article class="sheet a4" lang="en">"#))
        }
    }

    @Test func letterQRCodeDecodesToTheClaimLinkWithTheCode() async throws {
        try await withApp { client, database in
            var tech = try await Self.staff(client, database, "tech", role: .technician)
            let page = try await tech.post("/admin/letters", [("student-0012345", "en")]).text
            let code = try #require(codeOnLetter(page))
            let svg = try #require(svgs(in: page).first)
            let read = QRDecoder.decode(gray: grayFrame(ofSVG: svg, scale: 3), width: 320, height: 240)
            #expect(read == ["http://127.0.0.1:8080/claim/code?code=\(code)"])
        }
    }

    @Test func claimLinkFillsInTheCode() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.get("/claim/code?code=abcd-efgh-jkmn").text
            #expect(page.contains(#"value="ABCD-EFGH-JKMN""#))
        }
    }

    @Test func printingAgainRevokesTheFirstLettersCode() async throws {
        try await withApp { client, database in
            var tech = try await Self.staff(client, database, "tech", role: .technician)
            let first = try #require(codeOnLetter(try await tech.post("/admin/letters", [("student-0012345", "en")]).text))
            _ = try await tech.post("/admin/letters", [("student-0012345", "en")])
            var student = Browser(client)
            try await student.get("/claim/code")
            #expect(try await student.post("/claim/code", [("code", first)]).status == .unprocessableContent)
        }
    }

    @Test func teacherPrintsLettersForTheirHomeroom() async throws {
        try await withApp { client, database in
            var teacher = try await Self.staff(client, database, "rivera", role: .teacher, displayName: "Ms. Rivera")
            let page = try await teacher.post("/homeroom/letters", [("student-0012345", "en"), ("student-7654321", "en")]).text
            #expect(codeOnLetter(page, index: 1) != nil)
        }
    }

    @Test func teacherGetsNoLetterForAnotherHomeroomsStudent() async throws {
        try await withApp { client, database in
            var teacher = try await Self.staff(client, database, "rivera", role: .teacher, displayName: "Ms. Rivera")
            let page = try await teacher.post("/homeroom/letters", [("student-1234567", "en")]).text
            #expect(codeOnLetter(page) == nil && page.contains("1 of the students chosen got no letter"))
            #expect(try await database.pendingCode(studentID: "1234567") == nil)
        }
    }

    @Test func teacherCannotUseTheConsolesLetters() async throws {
        try await withApp { client, database in
            var teacher = try await Self.staff(client, database, "rivera", role: .teacher, displayName: "Ms. Rivera")
            #expect(try await teacher.post("/admin/letters", [("student-1234567", "en")]).status == .forbidden)
        }
    }

    @Test func studentCannotPrintLetters() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var student = Browser(client)
            try await student.signIn("s0012345")
            #expect(try await student.post("/homeroom/letters", [("student-0012345", "en")]).status == .forbidden)
        }
    }

    @Test func letterFormWithNoStudentChosenIsRefusedWithAMessage() async throws {
        try await withApp { client, database in
            var tech = try await Self.staff(client, database, "tech", role: .technician)
            let response = try await tech.post("/admin/letters", [("student-0012345", "")])
            #expect(response.status == .badRequest && response.text.contains("Choose a language for at least one student"))
        }
    }

    @Test func letterFormWithAnUnknownLanguageIsRefused() async throws {
        try await withApp { client, database in
            var tech = try await Self.staff(client, database, "tech", role: .technician)
            #expect(try await tech.post("/admin/letters", [("student-0012345", "fr")]).status == .badRequest)
        }
    }

    @Test func homeroomPageOffersLettersForEveryStudentInTheDefaultLanguage() async throws {
        try await withApp { client, database in
            var teacher = try await Self.staff(client, database, "rivera", role: .teacher, displayName: "Ms. Rivera")
            let page = try await teacher.get("/homeroom").text
            #expect(page.contains(#"action="/homeroom/letters""#))
            #expect(page.matches(of: /<option value="en" selected>/).count == 2)
        }
    }

    @Test func searchResultsOfferLettersWithNoneChosen() async throws {
        try await withApp { client, database in
            var tech = try await Self.staff(client, database, "tech", role: .technician)
            let page = try await tech.get("/admin?q=rivera").text + (try await tech.get("/admin?q=smith").text)
            #expect(page.contains(#"<select name="student-7654321""#) && page.contains(#"<option value="" selected>"#))
        }
    }

    @Test func technicianRevokesAStudentsCode() async throws {
        try await withApp { client, database in
            var tech = try await Self.staff(client, database, "tech", role: .technician)
            let code = try #require(codeOnLetter(try await tech.post("/admin/letters", [("student-0012345", "en")]).text))
            try await tech.get("/admin/students/0012345")
            try await tech.post("/admin/students/0012345/revoke-code", [("confirm", "yes")])
            var student = Browser(client)
            try await student.get("/claim/code")
            #expect(try await student.post("/claim/code", [("code", code)]).status == .unprocessableContent)
        }
    }

    @Test func teacherRevokesTheCodeOfAStudentOfTheirHomeroom() async throws {
        try await withApp { client, database in
            var teacher = try await Self.staff(client, database, "rivera", role: .teacher, displayName: "Ms. Rivera")
            let code = try #require(codeOnLetter(try await teacher.post("/homeroom/letters", [("student-0012345", "en")]).text))
            #expect(try await teacher.get("/homeroom").text.contains(#"action="/homeroom/students/0012345/revoke-code""#))
            try await teacher.post("/homeroom/students/0012345/revoke-code", [("confirm", "yes")])
            var student = Browser(client)
            try await student.get("/claim/code")
            #expect(try await student.post("/claim/code", [("code", code)]).status == .unprocessableContent)
        }
    }

    @Test func teacherCannotRevokeTheCodeOfAnotherHomeroomsStudent() async throws {
        try await withApp { client, database in
            try await database.issueCodeForTest("ABCDEFGHJKMN", to: "1234567")
            var teacher = try await Self.staff(client, database, "rivera", role: .teacher, displayName: "Ms. Rivera")
            try await teacher.get("/homeroom")
            #expect(try await teacher.post("/homeroom/students/1234567/revoke-code", [("confirm", "yes")]).status == .forbidden)
            #expect(try await database.pendingCode(studentID: "1234567") != nil)
        }
    }
}
