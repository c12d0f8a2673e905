import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { DomainError } from '../domain-error';

/** Domain errors are answers, not failures: hand them to GraphQL with their code, without an error log. */
@Catch(DomainError)
export class DomainExceptionFilter implements GqlExceptionFilter {
  catch(exception: DomainError): GraphQLError {
    return new GraphQLError(exception.message, { extensions: { code: exception.code } });
  }
}
