import Foundation
import GRDB
@testable import HomeroomCore
import Testing
import ZIPFoundation

/// A copy of the OneRoster fixture `version` (`Tests/fixtures/oneroster/1.1` or `1.2`, written
/// from the published CSV bindings) in a temporary folder, with `edits` (file → (old, new)
/// replacements) applied; zipped when `zipped`. Its path.
func oneRosterFixture(_ version: String, zipped: Bool = false, edits: [String: [(String, String)]] = [:]) throws -> String {
    let source = URL(fileURLWithPath: packageRoot.path + "/Tests/fixtures/oneroster/" + version)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oneroster-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
        var text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
        for (old, new) in edits[name] ?? [] { text = text.replacingOccurrences(of: old, with: new) }
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    guard zipped else { return folder.path }
    let zip = folder.path + ".zip"
    let archive = try Archive(url: URL(fileURLWithPath: zip), accessMode: .create)
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
        try archive.addEntry(with: "export/" + name, fileURL: folder.appendingPathComponent(name), compressionMethod: .deflate)
    }
    return zip
}

/// OneRoster 1.1 and 1.2 CSV exports imported as the roster.
@Suite struct OneRosterImportTests {
    func database() throws -> AppDatabase {
        try AppDatabase.open(path: temporaryDatabasePath(), schema: packageRoot.schema())
    }

    func importExport(_ path: String, into database: AppDatabase, settings: OneRosterSettings = OneRosterSettings(),
                      deactivateMissing: Bool = false) throws -> ImportCounts {
        let roster = try RosterSource(path: path).open(oneRoster: settings)
        return try database.importRoster(roster.records, deactivateMissing: deactivateMissing || roster.listsEveryStudent,
                                         deactivating: roster.deactivating, keepingUnsaid: roster.isDelta, at: Date()) { _ in
            .test(.importRoster)
        }
    }

    func problems(_ body: () throws -> Void) -> [String] {
        do { try body() } catch let error as RosterError { return error.problems } catch { return ["\(error)"] }
        return []
    }

    @Test(arguments: ["1.1", "1.2"], [false, true])
    func exportImportsItsStudents(version: String, zipped: Bool) throws {
        let db = try database()
        let counts = try importExport(try oneRosterFixture(version, zipped: zipped), into: db)
        #expect(counts.added == 3)
        let mia = try #require(try db.writer.read { try Student.fetchOne($0, key: "4000001") })
        #expect(mia.firstName == "Mia" && mia.lastName == "López" && mia.grade == "KG")
        #expect(mia.school == "Lovejoy Elementary" && mia.homeroomTeacher == "Ada Lark")
    }

    @Test func homeroomTeacherComesFromTheHomeroomClassNotAnother() throws {
        let db = try database()
        _ = try importExport(try oneRosterFixture("1.1"), into: db)
        let jose = try #require(try db.writer.read { try Student.fetchOne($0, key: "1234567") })
        #expect(jose.homeroomTeacher == "Ben Okafor" && jose.school == "Riverdale High")
    }

    @Test func version12TakesBirthDatesFromDemographics() throws {
        let db = try database()
        _ = try importExport(try oneRosterFixture("1.2"), into: db)
        #expect(try db.writer.read { try Student.fetchOne($0, key: "4000001") }?.birthDate == "2021-03-01")
        #expect(try db.writer.read { try Student.fetchOne($0, key: "4000002") }?.birthDate == nil)
    }

    @Test func primaryRoleStandsOverASecondaryOneListedAfter() throws {
        let db = try database()
        let path = try oneRosterFixture("1.2", edits: ["roles.csv": [("r5,active,2026-08-01T00:00:00.000Z,t1,secondary,teacher", "r5,active,2026-08-01T00:00:00.000Z,u1,secondary,guardian")]])
        _ = try importExport(path, into: db)
        #expect(try db.writer.read { try Student.fetchOne($0, key: "4000001") } != nil)
    }

    @Test func teachersAreNotStudents() throws {
        let db = try database()
        _ = try importExport(try oneRosterFixture("1.2"), into: db)
        #expect(try db.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM student") } == 3)
    }

    @Test func reimportKeepsClaims() async throws {
        let db = try database()
        _ = try importExport(try oneRosterFixture("1.1"), into: db)
        try await db.claimForTest(id: "4000001")
        let counts = try importExport(try oneRosterFixture("1.1", edits: ["users.csv": [("Mia,López", "Mia,Lopez")]]), into: db)
        #expect(counts.updated == 1 && counts.unchanged == 2)
        #expect(try await db.student(id: "4000001")?.isClaimed == true)
    }

    @Test func enrollmentInAClassThatDoesNotExistIsNamedAndNothingIsImported() throws {
        let db = try database()
        let path = try oneRosterFixture("1.1", edits: ["enrollments.csv": [("e6,active,2026-08-01T00:00:00.000Z,c3", "e6,active,2026-08-01T00:00:00.000Z,c9")]])
        #expect(problems { _ = try importExport(path, into: db) } == ["enrollments.csv line 7: class 'c9' is not in classes.csv"])
        #expect(try db.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM student") } == 0)
    }

    @Test func identifierThatIsNotSevenDigitsIsANamedError() throws {
        let db = try database()
        let path = try oneRosterFixture("1.1", edits: ["users.csv": [(",1234567,,,,,09,", ",12345,,,,,09,")]])
        #expect(problems { _ = try importExport(path, into: db) }
                == ["users.csv line 4: identifier '12345' of user 'u3' is not a 7-digit student ID"])
    }

    @Test func studentIDCanComeFromUserIds() throws {
        let db = try database()
        var settings = OneRosterSettings()
        settings.studentID = .userIds
        let path = try oneRosterFixture("1.1", edits: ["users.csv": [(",1234567,,,,,09,", ",,,,,,09,")]])
        #expect(try importExport(path, into: db, settings: settings).added == 3)
    }

    @Test func toBeDeletedUserIsDisabledNotDeleted() throws {
        let db = try database()
        _ = try importExport(try oneRosterFixture("1.1"), into: db)
        let path = try oneRosterFixture("1.1", edits: ["users.csv": [("u2,active", "u2,tobedeleted")]])
        #expect(try importExport(path, into: db).deactivated == 1)
        #expect(try db.writer.read { try Student.fetchOne($0, key: "4000002") }?.active == false)
    }

    @Test func userMissingFromABulkFileIsDisabled() throws {
        let db = try database()
        _ = try importExport(try oneRosterFixture("1.2"), into: db)
        let path = try oneRosterFixture("1.2", edits: ["users.csv": [("u2,active,2026-08-01T00:00:00.000Z,true,lnguyen,{SIS:4000002},Leo,Nguyen,Van,4000002,,,,,01,,4000002,,,,,s1,\n", "")],
                                                    "enrollments.csv": [("e2,active,2026-08-01T00:00:00.000Z,c1,s1,u2,student,false,2026-08-15,\n", "")]])
        #expect(try importExport(path, into: db).deactivated == 1)
        #expect(try db.writer.read { try Student.fetchOne($0, key: "4000002") }?.active == false)
    }

    @Test func deltaAppliesOnlyItsRows() throws {
        let db = try database()
        _ = try importExport(try oneRosterFixture("1.1"), into: db)
        let delta = try oneRosterFixture("1.1", edits: [
            "manifest.csv": [("file.users,bulk", "file.users,delta"), ("file.enrollments,bulk", "file.enrollments,delta")],
            "users.csv": [("u1,active,2026-08-01T00:00:00.000Z,true,s1,student,mlopez,{SIS:4000001},Mia,López,,4000001,,,,,KG,\n", ""),
                          ("u2,active", "u2,tobedeleted")]])
        let counts = try importExport(delta, into: db)
        #expect(counts.deactivated == 1 && counts.rows == 1)
        #expect(try db.writer.read { try Student.fetchOne($0, key: "4000001") }?.active == true)
    }

    @Test func usersWithoutRolesAreRefusedByName() throws {
        let path = try oneRosterFixture("1.1", edits: ["users.csv": [("orgSourcedIds,role,", "orgSourcedIds,kind,")]])
        #expect(problems { _ = try importExport(path, into: try database()) } == ["users.csv: the header lacks role"])
    }

    @Test func bulkFileWithoutStudentsIsRefusedRatherThanDisablingEveryone() throws {
        let path = try oneRosterFixture("1.1", edits: ["users.csv": [(",student,", ",guardian,")],
                                                      "enrollments.csv": [(",student,", ",guardian,")]])
        #expect(problems { _ = try importExport(path, into: try database()) }.first?.hasPrefix("users.csv: no user has the role student") == true)
    }

    @Test func deltaWithoutEnrollmentsKeepsTheStudentsHomeroomAndSchool() throws {
        let db = try database()
        _ = try importExport(try oneRosterFixture("1.1"), into: db)
        let delta = try oneRosterFixture("1.1", edits: [
            "manifest.csv": [("file.users,bulk", "file.users,delta"), ("file.enrollments,bulk", "file.enrollments,absent")],
            "users.csv": [("Mia,López", "Mia,Lopez-Ruiz")]])
        try FileManager.default.removeItem(atPath: delta + "/enrollments.csv")
        _ = try importExport(delta, into: db)
        let mia = try #require(try db.writer.read { try Student.fetchOne($0, key: "4000001") })
        #expect(mia.lastName == "Lopez-Ruiz" && mia.homeroomTeacher == "Ada Lark" && mia.school == "Lovejoy Elementary")
    }

    @Test func folderWithoutAManifestIsRefusedByName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(problems { _ = try importExport(folder, into: try database()) } == ["\(folder) is a folder without manifest.csv (a OneRoster export has one)"])
    }

    @Test func manifestWithAnotherVersionIsRefused() throws {
        let path = try oneRosterFixture("1.1", edits: ["manifest.csv": [("oneroster.version,1.1", "oneroster.version,1.0")]])
        #expect(problems { _ = try importExport(path, into: try database()) }
                == ["manifest.csv: oneroster.version must be 1.1 or 1.2 (it is 1.0)"])
    }

    @Test func aFileThatIsNotAZipIsRefusedWithAMessage() throws {
        let path = writeTemporaryFile("PK\u{3}\u{4} not really a zip", suffix: ".zip")
        #expect(problems { _ = try importExport(path, into: try database()) }.first?.contains("not a zip file") == true)
    }

    @Test func teachersBecomeStaffWithTheTeacherRoleWhenAsked() async throws {
        let db = temporaryDatabasePath()
        let run = try runHomeroom(["import-roster", try oneRosterFixture("1.1"), "--with-teachers", "--db", db])
        #expect(run.out.contains("teachers added 2, updated 0"))
        let staff = try await AppDatabase.open(path: db, schema: packageRoot.schema()).staff(username: "alark")
        #expect(staff?.role == .teacher && staff?.displayName == "Ada Lark" && staff?.passwordHash == nil)
    }

    @Test func teachersAreNotStaffUnlessAsked() async throws {
        let db = temporaryDatabasePath()
        _ = try runHomeroom(["import-roster", try oneRosterFixture("1.2"), "--db", db])
        #expect(try await AppDatabase.open(path: db, schema: packageRoot.schema()).staff(username: "alark") == nil)
    }

    @Test func technicianAccountOfTheSameUsernameKeepsItsRole() async throws {
        let path = temporaryDatabasePath()
        let database = try AppDatabase.open(path: path, schema: packageRoot.schema())
        try database.addStaffForTest("alark", role: .technician, displayName: "Ada L.")
        _ = try runHomeroom(["import-roster", try oneRosterFixture("1.1"), "--with-teachers", "--db", path])
        #expect(try await database.staff(username: "alark")?.role == .technician)
    }

    @Test func commandLineImportsAZipAndSaysWhichFormat() throws {
        let db = temporaryDatabasePath()
        let run = try runHomeroom(["import-roster", try oneRosterFixture("1.2", zipped: true), "--db", db])
        #expect(run.status == 0 && run.out.contains("added 3, updated 0"))
    }

    @Test func dryRunPrintsTheCountsAndWritesNothing() throws {
        let db = temporaryDatabasePath()
        let run = try runHomeroom(["import-roster", try oneRosterFixture("1.1"), "--dry-run", "--db", db])
        #expect(run.out.contains("Dry run, nothing written: would import 3 students"))
        #expect(try runHomeroom(["search-students", "lopez", "--db", db]).out.isEmpty)
    }
}

/// The console says when the roster was last imported.
@Suite struct LastImportTests {
    @Test func consoleShowsTheLastImportAndItsCounts() async throws {
        try await withApp { client, database in
            var tech = try await LetterRouterTests.staff(client, database, "tech", role: .technician)
            let administration = AccountAdministration(core: try await CoreServices(
                config: testConfig(), database: database, pool: BlockingPool(threads: 1, queueLimit: 1)))
            _ = try await administration.importRoster(RosterSource(path: try oneRosterFixture("1.1")), deactivateMissing: false,
                                                      by: .commandLine(user: "it"))
            #expect(try await tech.get("/admin").text.contains("OneRoster 1.1 bulk, 3 rows: added 2, updated 1"))
        }
    }
}
