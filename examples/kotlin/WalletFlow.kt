// A phone wallet's life with the wangzheng Kotlin bindings:
//
//   1. receive a credential: issuance request -> Issuer.issue (the authority's back end,
//      simulated here) -> Wallet.store;
//   2. show a QR code (presentQr) that a terminal scans and verifies (verifyQr);
//   3. apply status updates: the credential is frozen (suspended, kept), then cancelled
//      (revoked, deleted).
//
// Prints what happens; exits non-zero on any unexpected outcome. Run it with
// `bash scripts/test-kotlin.sh example` (or see examples/kotlin/README.md).

import cn.wangzheng.CalendarDate
import cn.wangzheng.CredentialState
import cn.wangzheng.IssueOptions
import cn.wangzheng.Issuer
import cn.wangzheng.Level
import cn.wangzheng.Person
import cn.wangzheng.Sex
import cn.wangzheng.StatusCheck
import cn.wangzheng.StatusEntry
import cn.wangzheng.StatusOutcome
import cn.wangzheng.Verifier
import cn.wangzheng.Wallet
import cn.wangzheng.WangzhengException
import cn.wangzheng.defaultPolicy
import cn.wangzheng.use
import cn.wangzheng.version
import kotlin.system.exitProcess

/** 2026-01-01T00:00Z: a fixed clock, so the example always behaves the same. */
private const val NOW: ULong = 1767225600UL

private var problems = 0

private fun expect(ok: Boolean, what: String) {
    if (ok) {
        println("  ok: $what")
    } else {
        println("  UNEXPECTED: $what")
        problems++
    }
}

private fun hex(b: ByteArray) = b.joinToString("") { "%02x".format(it.toInt() and 0xff) }

private fun date(y: Int, m: Int, d: Int) = CalendarDate(y.toUShort(), m.toUByte(), d.toUByte())

fun main() {
    println("wangzheng ${version()}: wallet flow")
    try {
        run()
    } catch (e: Exception) {
        // WangzhengException's message is "code=N, reason=...": no personal data.
        println("  UNEXPECTED exception: ${e.javaClass.name}: ${e.message}")
        problems++
    }
    if (problems > 0) {
        println("wallet flow: $problems unexpected outcome(s)")
        exitProcess(1)
    }
    println("wallet flow: all steps as expected")
}

private fun run() {
    // The authority's issuer (its key would live in an HSM) and the list it publishes status in.
    val listId = 1u
    val index = 5u
    Issuer.fromSeed(ByteArray(32) { (it * 7 + 1).toByte() }).use { issuer ->
        // A terminal (a hotel desk, an internet café) that pins the issuer's key. The wallet also
        // uses a verifier to check the status lists it downloads.
        Verifier(defaultPolicy()).use { terminal ->
            terminal.addIssuerKey(issuer.publicKey())
            // On a phone, use Wallet(signer) with a DeviceSigner backed by the Android Keystore.
            Wallet.withSoftwareKey().use { wallet ->
                println("1. receive a credential")
                val nonce = issuer.newNonce()
                val request = wallet.issuanceRequest(Level.LIGHT, nonce, NOW)
                println("  issuance request: ${request.size} bytes, device key ${hex(wallet.devicePublicKey()).take(16)}...")
                val person = Person(
                    fullName = "张三",
                    sex = Sex.MALE,
                    ethnicity = 1u,
                    birthDate = date(1990, 3, 7),
                    address = "北京市东城区景山前街4号",
                    idNumber = "110101199003070011",
                    issuingAuthority = "北京市公安局东城分局",
                    cardValidFrom = date(2020, 1, 1),
                    cardValidUntil = date(2040, 1, 1),
                )
                val issued = issuer.issue(
                    request,
                    nonce,
                    person,
                    IssueOptions(
                        provenLevel = Level.LIGHT,
                        ageThresholds = listOf(18u),
                        statusListId = listId,
                        statusIndex = index,
                    ),
                    NOW,
                )
                val held = wallet.store(issued.`package`, issuer.publicKey(), NOW)
                println("  stored credential ${hex(held.credentialId)} (${held.level}, ${held.attributes.size} attributes, expires at ${held.expiresAt})")
                expect(wallet.credentials().size == 1, "the wallet holds one credential")

                println("2. show a QR code (age check: only age_over_18)")
                val qr = wallet.presentQr(listOf("age_over_18"), NOW)
                println("  QR text: ${qr.length} characters, ${qr.take(24)}...")
                // The terminal keeps the issuer's current status list (here: everyone good).
                val current = issuer.signStatusList(listId, 64u, listOf(), NOW, NOW + 86400uL)
                terminal.updateStatusList(current, NOW)
                val seen = terminal.verifyQr(qr, NOW + 3uL)
                println("  terminal accepted: level ${seen.level}, status ${seen.statusCheck}, disclosed ${seen.attributes.map { it.name }}")
                expect(seen.statusCheck == StatusCheck.GOOD, "the status list says good")
                expect(seen.attributes.singleOrNull()?.name == "age_over_18", "only age_over_18 was disclosed")
                try {
                    terminal.verifyQr(qr, NOW + 5uL)
                    expect(false, "a photo of the same QR code is refused")
                } catch (e: WangzhengException.Replayed) {
                    expect(e.code == 23, "a photo of the same QR code is refused (Replayed, code ${e.code})")
                }

                println("3. status updates")
                val frozen = issuer.signStatusList(listId, 64u, listOf(StatusEntry(index, CredentialState.SUSPENDED)), NOW + 60uL, NOW + 86400uL)
                val first = wallet.applyStatus(frozen, terminal, NOW + 120uL)
                for (c in first) println("  ${hex(c.credentialId)}: ${c.outcome}, deleted=${c.deleted}")
                expect(first.singleOrNull()?.outcome == StatusOutcome.SUSPENDED, "the credential is reported suspended (冻结)")
                expect(wallet.credentials().size == 1, "a suspended credential is kept")

                val cancelled = issuer.signStatusList(listId, 64u, listOf(StatusEntry(index, CredentialState.REVOKED)), NOW + 180uL, NOW + 86400uL)
                val second = wallet.applyStatus(cancelled, terminal, NOW + 240uL)
                for (c in second) println("  ${hex(c.credentialId)}: ${c.outcome}, deleted=${c.deleted}")
                expect(second.singleOrNull()?.let { it.outcome == StatusOutcome.REVOKED && it.deleted } == true, "the credential is reported revoked (注销) and deleted")
                expect(wallet.credentials().isEmpty(), "the wallet is empty")
                try {
                    wallet.presentQr(listOf(), NOW + 240uL)
                    expect(false, "an empty wallet shows no QR code")
                } catch (e: WangzhengException.InvalidArgument) {
                    expect(true, "an empty wallet shows no QR code (InvalidArgument)")
                }
            }
        }
    }
}
