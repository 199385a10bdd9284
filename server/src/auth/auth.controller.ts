import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { parseBody } from '../common/body';
import { AuthService } from './auth.service';
import { LoginLimitGuard } from './login-limiter';
import { CurrentUser, type Principal } from './principal';
import { Public } from './roles';
import type { LoginReply, Me } from '../api-types';

const LOGIN_SCHEMA = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: { username: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
};

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(LoginLimitGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with username and password; returns a bearer token (rate limited per username and per address).' })
  @ApiBody({ schema: LOGIN_SCHEMA })
  login(@Body() body: unknown): Promise<LoginReply> {
    const { username, password } = parseBody<{ username: string; password: string }>(LOGIN_SCHEMA, body);
    return this.auth.login(username, password);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The logged-in user, roles and organisation.' })
  me(@CurrentUser() user: Principal): Promise<Me> {
    return this.auth.me(user);
  }
}
