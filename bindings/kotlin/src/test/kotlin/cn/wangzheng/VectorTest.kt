// Every presentation case of tests/vectors/manifest.json through the Kotlin Verifier, run the way
// core/tests/vectors.rs (the reference runner) runs it: the expected verdict, the exception class
// and code of a refusal, and level, disclosed values and status check of an acceptance.
package cn.wangzheng

import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

class VectorTest {
    @Suppress("UNCHECKED_CAST")
    private val cases: List<Map<String, Any?>> by lazy {
        val manifest = Json.parse(File(ROOT, "tests/vectors/manifest.json").readText()) as Map<String, Any?>
        manifest["cases"] as List<Map<String, Any?>>
    }

    private val presentations get() = cases.filter { it["kind"] == "presentation" }

    @Test
    fun `the error table names 32 distinct classes and codes, and every code of the manifest`() {
        assertEquals(32, ERRORS.size)
        assertEquals(32, ERRORS.values.map { it.first }.toSet().size)
        assertEquals(32, ERRORS.values.map { it.second }.toSet().size)
        val named = cases.mapNotNull { it["error"] as String? }.toSet()
        assertTrue(named.isNotEmpty())
        assertEquals(emptySet<String>(), named - ERRORS.keys, "manifest errors missing from the table")
        // The manifest covers every code but the two API-misuse ones (the reference runner's rule).
        val receiptFactors = setOf("password_wrong", "password_locked", "face_mismatch", "unknown_credential")
        assertEquals(setOf("invalid_argument", "signer_failed"), ERRORS.keys - named - receiptFactors)
    }

    @TestFactory
    fun `manifest presentation cases`(): List<DynamicTest> {
        val list = presentations
        // A manifest that lost its cases (or a reader that found none) must not pass quietly.
        assertTrue(list.size >= 48, "only ${list.size} presentation cases")
        assertTrue(list.any { it["expect"] == "accept" } && list.any { it["expect"] == "reject" })
        return list.map { c -> DynamicTest.dynamicTest(c["name"] as String) { runCase(c) } }
    }

    private fun policyOf(name: String, json: Any?): Policy {
        var p = defaultPolicy()
        if (json == null) return p
        @Suppress("UNCHECKED_CAST")
        for ((field, value) in json as Map<String, Any?>) {
            p = when (field) {
                "min_level" -> p.copy(minLevel = level(value as String))
                "required" -> p.copy(required = (value as List<*>).map { it as String })
                "audience" -> p.copy(audience = value as String)
                "undetermined_status" -> p.copy(
                    acceptUndeterminedStatus = when (value) {
                        "accept" -> true
                        "refuse" -> false
                        else -> fail("$name: undetermined_status $value")
                    },
                )
                "accept_stale_trust_list" -> p.copy(acceptStaleTrustList = value as Boolean)
                else -> fail("$name: unknown policy field $field")
            }
        }
        return p
    }

    private fun level(s: String) = when (s) {
        "light" -> Level.LIGHT
        "upgraded" -> Level.UPGRADED
        else -> fail("unknown level $s")
    }

    private fun runCase(c: Map<String, Any?>) {
        val name = c["name"] as String
        val now = (c["now"] as Long).toULong()
        val bytes = vector(c["file"] as String)
        val request = (c["request"] as String?)?.let(::vector)
        val replay = c["replay"] == true
        val outcome = runCatching {
            val policy = policyOf(name, c["policy"])
            val verifier = when {
                c["root_public_key"] != null -> Verifier.withTrustList(
                    policy,
                    unhex(c["root_public_key"] as String),
                    vector(c["trust_list"] as String),
                )
                else -> Verifier(policy).also { it.addIssuerKey(unhex(c["issuer_public_key"] as String)) }
            }
            verifier.use { v ->
                @Suppress("UNCHECKED_CAST")
                for (path in (c["status_lists"] as List<String>?).orEmpty()) v.updateStatusList(vector(path), now)
                val once = {
                    if (request != null) {
                        // Interactive presentations are bound to the request's nonce; the replay
                        // cache lets them pass unrecorded, and verifyResponse does not consult it.
                        v.verifyResponse(bytes, request, now)
                    } else if (replay) {
                        v.verifyOnce(bytes, now)
                    } else {
                        v.verify(bytes, now)
                    }
                }
                if (replay) {
                    once()
                    if (request == null) assertEquals(1uL, v.replayCacheLen(), "$name: cache after the first showing")
                }
                once()
            }
        }
        when (c["expect"]) {
            "accept" -> {
                val v = outcome.getOrElse { fail("$name: expected accept, got $it", it) }
                assertEquals(level(c["level"] as String), v.level, "$name: level")
                assertEquals(c["disclosed"], v.disclosed(), "$name: disclosed")
                val check = when (c["status_check"]) {
                    null -> StatusCheck.NOT_PUBLISHED
                    "good" -> StatusCheck.GOOD
                    "undetermined" -> StatusCheck.UNDETERMINED
                    else -> fail("$name: status_check ${c["status_check"]}")
                }
                assertEquals(check, v.statusCheck, "$name: status check")
                assertEquals(16, v.credentialId.size, "$name: credential id")
                assertEquals(8, v.issuerKeyId.size, "$name: issuer key id")
            }
            "reject" -> {
                val e = outcome.exceptionOrNull() ?: fail("$name: expected ${c["error"]}, but it was accepted")
                assertError(c["error"] as String, e, name)
                assertTrue((e as WangzhengException).reason.isNotEmpty(), "$name: empty reason")
            }
            else -> fail("$name: expect ${c["expect"]}")
        }
    }
}
