using System.Reflection;
using System.Runtime.ExceptionServices;
using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cultivation.Reliability.Tests;

/// <summary>
/// Where a storage fault is injected: each call of a wrapped interface is named <c>Interface.Method</c>
/// (e.g. <c>IFilingBlobs.WriteReportAsync</c>) and looked up here with its arguments.
/// </summary>
public sealed class Faults
{
    /// <summary>True for the calls that fail as a storage outage would (a 503).</summary>
    public Func<string, object?[], bool> Fail { get; set; } = (_, _) => false;

    /// <summary>What a call returns instead of going to storage; null to let it through.</summary>
    public Func<string, object?[], object?> Substitute { get; set; } = (_, _) => null;

    public void Clear()
    {
        Fail = (_, _) => false;
        Substitute = (_, _) => null;
    }

    /// <summary>Puts <typeparamref name="TImplementation"/> behind a <see cref="FaultProxy{T}"/> as the service for <typeparamref name="TService"/>.</summary>
    public void Install<TService, TImplementation>(IServiceCollection services)
        where TService : class
        where TImplementation : TService =>
        services.Replace(ServiceDescriptor.Singleton(sp => FaultProxy<TService>.Wrap(ActivatorUtilities.CreateInstance<TImplementation>(sp), this)));
}

/// <summary>Passes every call of <typeparamref name="T"/> to the real implementation unless <see cref="Faults"/> says otherwise.</summary>
public class FaultProxy<T> : DispatchProxy
    where T : class
{
    private static readonly MethodInfo s_fromException = typeof(Task).GetMethods().Single(m => m.Name == nameof(Task.FromException) && m.IsGenericMethod);
    private T _inner = null!;
    private Faults _faults = null!;

    public static T Wrap(T inner, Faults faults)
    {
        var proxy = Create<T, FaultProxy<T>>();
        var self = (FaultProxy<T>)(object)proxy;
        self._inner = inner;
        self._faults = faults;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = targetMethod!;
        var call = typeof(T).Name + "." + method.Name;
        args ??= [];
        if (_faults.Substitute(call, args) is { } substitute)
        {
            return substitute;
        }

        if (_faults.Fail(call, args))
        {
            var fault = new RequestFailedException(503, $"injected fault in {call}: the server is busy.");
            return method.ReturnType == typeof(Task) ? Task.FromException(fault)
                : method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
                    ? s_fromException.MakeGenericMethod(method.ReturnType.GetGenericArguments()[0]).Invoke(null, [fault])
                    : throw fault;
        }

        try
        {
            return method.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
