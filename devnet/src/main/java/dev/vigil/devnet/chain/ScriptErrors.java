package dev.vigil.devnet.chain;

import java.util.List;
import java.util.Locale;

/**
 * Translates bitcoin-kmp's interpreter failures into bitcoind's {@code ScriptErrorString} texts
 * (script/script_error.cpp), so that a script failure reads as bitcoind would print it. bitcoin-kmp reports
 * failures as exceptions with its own messages; the table maps the ones it raises to Core's error, and
 * anything unrecognised keeps bitcoin-kmp's text (Core would say "unknown error", which helps nobody).
 */
public final class ScriptErrors {
    private record Rule(String kmpFragment, String core) {
    }

    // Order matters: the first fragment found in the lower-cased message wins.
    private static final List<Rule> RULES = List.of(
            new Rule("signature must be zero", "Signature must be zero for failed CHECK(MULTI)SIG operation"),
            new Rule("stack starts with 'false'", "Script evaluated without error but finished with a false/empty top stack element"),
            new Rule("stack should not be empty", "Script evaluated without error but finished with a false/empty top stack element"),
            new Rule("should have 2 items", "Witness program hash mismatch"),
            new Rule("witness program mismatch", "Witness program hash mismatch"),
            new Rule("witness program cannot be empty", "Witness program was passed an empty witness"),
            new Rule("invalid witness program length", "Witness program has incorrect length"),
            new Rule("malleated segwit script", "Witness requires empty scriptSig"),
            new Rule("op_equalverify failed", "Script failed an OP_EQUALVERIFY operation"),
            new Rule("op_checksigverify failed", "Script failed an OP_CHECKSIGVERIFY operation"),
            new Rule("op_checkmultisigverify failed", "Script failed an OP_CHECKMULTISIGVERIFY operation"),
            new Rule("op_numequalverify failed", "Script failed an OP_NUMEQUALVERIFY operation"),
            new Rule("op_verify failed", "Script failed an OP_VERIFY operation"),
            new Rule("argument must be minimal", "OP_IF/NOTIF argument must be minimal"),
            new Rule("invalid op_if construction", "Invalid OP_IF construction"),
            new Rule("invalid op_notif construction", "Invalid OP_IF construction"),
            new Rule("invalid op_else construction", "Invalid OP_IF construction"),
            new Rule("invalid op_endif construction", "Invalid OP_IF construction"),
            new Rule("if/endif imbalance", "Invalid OP_IF construction"),
            new Rule("unsatisfied cltv lock time", "Locktime requirement not satisfied"),
            new Rule("unsatisfied csv lock time", "Locktime requirement not satisfied"),
            new Rule("lock time cannot be negative", "Negative locktime"),
            new Rule("upgradable nop", "NOPx reserved for soft-fork upgrades"),
            new Rule("witness version", "Witness version reserved for soft-fork upgrades"),
            new Rule("taproot version", "Taproot version reserved for soft-fork upgrades"),
            new Rule("op_successx", "OP_SUCCESSx reserved for soft-fork upgrades"),
            new Rule("invalid pubkey type", "Public key version reserved for soft-fork upgrades"),
            new Rule("invalid public key encoding", "Using non-compressed keys in segwit"),
            new Rule("invalid signature encoding", "Non-canonical DER signature"),
            new Rule("invalid sig hashtype", "Invalid Schnorr signature hash type"),
            new Rule("schnorr", "Invalid Schnorr signature"),
            new Rule("control block size", "Invalid Taproot control block size"),
            new Rule("not minimal push", "Data push larger than necessary"),
            new Rule("non-minimally encoded script number", "Script number overflow"),
            new Rule("push-only", "Only push operators allowed in signatures"),
            new Rule("push value size limit", "Push value size limit exceeded"),
            new Rule("item is bigger than maximum push size", "Push value size limit exceeded"),
            new Rule("operation limit exceeded", "Operation limit exceeded"),
            new Rule("operation count is over the limit", "Operation limit exceeded"),
            new Rule("stack is too large", "Stack size limit exceeded"),
            new Rule("stack size limit exceeded", "Stack size limit exceeded"),
            new Rule("script is too large", "Script is too big"),
            new Rule("is disabled", "Attempted to use a disabled opcode"),
            new Rule("multisig dummy is not empty", "Dummy CHECKMULTISIG argument must be zero"),
            new Rule("signature is found in scriptcode", "Signature is found in scriptCode"),
            new Rule("op_codeseparator", "Using OP_CODESEPARATOR in non-witness script"),
            new Rule("p2a output", "Witness provided for non-witness script"),
            new Rule("on an empty stack", "Operation not valid with the current stack size"),
            new Rule("less than", "Operation not valid with the current stack size"),
            new Rule("invalid stack operation", "Operation not valid with the current stack size"),
            new Rule("is always invalid", "Opcode missing or not understood"),
            new Rule("unexpected operator", "Opcode missing or not understood"));

    /** Core's text for a cleanstack failure, which bitcoin-kmp raises without a message. */
    static final String CLEANSTACK = "Stack size must be exactly one after execution";

    private ScriptErrors() {
    }

    /** bitcoind's {@code ScriptErrorString} for a bitcoin-kmp failure. */
    public static String coreText(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank() || message.startsWith("Failed requirement")) {
            // kmp's bare require(stack.size == 1) after witness execution: the cleanstack rule.
            return CLEANSTACK;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        for (Rule rule : RULES) {
            if (lower.contains(rule.kmpFragment())) {
                return rule.core();
            }
        }
        return message.trim();
    }
}
