import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { RpcParamtype } from '@nestjs/microservices/enums/rpc-paramtype.enum';
import { parseOrThrow, payloadSchemaOf } from '@app/contracts';
import { currentContext } from './message-context';

/**
 * Validates every message payload against the schema that @app/contracts
 * declares for the message's pattern, before the handler sees it. A handler
 * therefore receives parsed, typed data or is never called.
 */
@Injectable()
export class ContractValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Nest's pipes consumer reports @Payload() of a message handler as 'body'.
    if (metadata.type !== 'body' && (metadata.type as unknown) !== RpcParamtype.PAYLOAD) {
      return value;
    }
    const pattern = currentContext()?.pattern;
    const schema = pattern ? payloadSchemaOf(pattern) : undefined;
    if (!schema) {
      throw new Error(`No contract in @app/contracts for message pattern "${pattern ?? '(none)'}"`);
    }
    return parseOrThrow(schema, value);
  }
}
